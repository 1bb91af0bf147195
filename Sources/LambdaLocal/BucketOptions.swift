import ArgumentParser
import Foundation
import LambdaEmulator
import StackTemplate

/// Whether commands that run functions first create the template's buckets in a local S3.
struct BucketOptions: ParsableArguments {
    @Flag(
        name: .customLong("create-buckets"), inversion: .prefixedNo,
        help: "Create the template's missing buckets in the local S3: lambda-local's own services, or the one AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL names (default: on; never in AWS).")
    var createBuckets: Bool? = nil

    /// What was done, in lines for the user.
    struct Report {
        var lines: [String] = []
        /// Only the buckets created now, for commands that keep quiet about the rest.
        var created: [String] = []
    }

    /// Creates the buckets the template declares when a local S3 is configured and creation is not turned off.
    /// - Parameters:
    ///   - template: The template.
    ///   - configuration: The emulator's region and credentials, as the functions get them.
    ///   - services: Where the functions' AWS services are (``ServicesOptions/endpoint``).
    /// - Returns: Lines that say where the buckets are.
    /// - Throws: `CommandError` for `--create-buckets` without a local S3, an invalid or unreachable endpoint, or
    ///   a bucket S3 will not create.
    func prepare(
        _ template: StackTemplate, configuration: EmulatorConfiguration, services: ServicesEndpoint
    ) async throws -> Report {
        let endpoint: (variable: String, url: String)
        switch services {
        case .configured(let variable, let url): endpoint = (variable, url)
        case .local(let url): endpoint = ("lambda-local's services", url)
        case .aws:
            if createBuckets == true {
                throw CommandError("--create-buckets needs a local S3: drop --aws; lambda-local never creates buckets in AWS")
            }
            guard !template.buckets.isEmpty else { return Report() }
            return Report(lines: ["Buckets (in AWS, --aws; lambda-local does not create them there):"]
                + template.buckets.map { "  \($0.logicalID)  \($0.name)" })
        }
        guard !template.buckets.isEmpty else { return Report() }
        guard createBuckets != false else {
            return Report(lines: ["Buckets at \(endpoint.url) (\(endpoint.variable); not created: --no-create-buckets):"]
                + template.buckets.map { "  \($0.logicalID)  \($0.name)" })
        }
        let outcomes: [LocalBuckets.Outcome]
        do {
            let buckets = try LocalBuckets(endpoint: endpoint.url, region: configuration.region, credentials: configuration.credentials)
            outcomes = try await buckets.ensureExist(template.buckets)
        } catch {
            throw CommandError("\(error) (endpoint from \(endpoint.variable); --no-create-buckets skips creating buckets)")
        }
        var report = Report(lines: ["Buckets at \(endpoint.url) (\(endpoint.variable)):"])
        for outcome in outcomes {
            report.lines.append("  \(outcome.bucket.logicalID)  \(outcome.bucket.name)  \(outcome.created ? "created" : "exists")")
            if outcome.created { report.created.append(outcome.bucket.name) }
        }
        return report
    }
}
