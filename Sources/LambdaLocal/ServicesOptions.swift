import ArgumentParser
import Foundation
import LambdaEmulator
import StackTemplate

/// Where the functions' AWS services are: lambda-local's own (moto_server) by default, a configured endpoint, or
/// real AWS with `--aws`.
struct ServicesOptions: ParsableArguments {
    @Flag(help: "Functions talk to real AWS (with the credentials below); no local services are started.")
    var aws = false

    @Option(help: "Port of the local AWS services (S3, SQS, Secrets Manager, SSM) that `start` serves and `invoke`/`fire` reuse.")
    var servicesPort = 4566

    /// The decision and, when lambda-local started them, the services to stop at the end.
    struct Running {
        var endpoint: ServicesEndpoint
        var process: ServicesProcess?

        /// This process's variables with the endpoint variables the functions get: where lambda-local itself
        /// creates secrets and parameters.
        var environment: [String: String] {
            let own = ProcessInfo.processInfo.environment
            return own.merging(endpoint.functionEnvironment(from: own)) { $1 }
        }

        func stop() async { await process?.stop() }
    }

    /// For `start`: the local services on `--services-port` unless an endpoint variable or `--aws` says otherwise.
    /// - Throws: `CommandError` with ``ServicesError``'s one line (port in use, moto missing).
    func startForStack(host: String, allowedHosts: [String]) async throws -> Running {
        switch ServicesEndpoint.choose(environment: ProcessInfo.processInfo.environment, aws: aws) {
        case .configured(let variable, let url): return Running(endpoint: .configured(variable: variable, url: url))
        case .aws: return Running(endpoint: .aws)
        case .startLocal: return try await start(host: host, port: servicesPort, allowedHosts: allowedHosts)
        }
    }

    /// For one-shot commands (`invoke`, `fire`): a running `start`'s services on `--services-port` when they
    /// answer there; else, when the template declares buckets, secrets, parameters or dynamic references, services
    /// of their own on a free port (in memory, gone when the command ends); else none.
    func startForCommand(_ template: StackTemplate) async throws -> Running {
        switch ServicesEndpoint.choose(environment: ProcessInfo.processInfo.environment, aws: aws) {
        case .configured(let variable, let url): return Running(endpoint: .configured(variable: variable, url: url))
        case .aws: return Running(endpoint: .aws)
        case .startLocal:
            let shared = "http://127.0.0.1:\(servicesPort)"
            if await ServicesProcess.answers(at: shared) { return Running(endpoint: .local(url: shared)) }
            let needsServices = !template.buckets.isEmpty || !template.secrets.isEmpty || !template.ssmParameters.isEmpty
                || !template.dynamicReferences.isEmpty
            guard needsServices else { return Running(endpoint: .aws) }
            return try await start(host: "127.0.0.1", port: 0, allowedHosts: [])
        }
    }

    private func start(host: String, port: Int, allowedHosts: [String]) async throws -> Running {
        do {
            let process = try await ServicesProcess.start(host: host, port: port, allowedHosts: allowedHosts) { line in
                FileHandle.standardError.write(Data("warning: \(line)\n".utf8))
            }
            return Running(endpoint: .local(url: process.url), process: process)
        } catch {
            throw CommandError(error.description)
        }
    }
}
