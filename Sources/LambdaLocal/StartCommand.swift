import ArgumentParser
import Foundation
import LambdaEmulator

/// Runs the whole local stack until interrupted.
struct StartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Serve the Invoke API and the template's API routes, and fire its schedules, until Ctrl-C.",
        discussion: """
            Point the AWS CLI or an SDK at the Invoke API with --endpoint-url http://127.0.0.1:<invoke-port>,
            and curl the API routes at http://127.0.0.1:<api-port>/<path>. Enabled schedule rules (AWS::Events::Rule)
            invoke their functions asynchronously at their fire times (UTC); rate schedules count from the start.
            """)

    @OptionGroup var stack: StackOptions

    @OptionGroup var buckets: BucketOptions

    @OptionGroup var servers: ServerOptions

    @OptionGroup var services: ServicesOptions

    @OptionGroup var secrets: SecretOptions

    @Option(help: "Address to bind (127.0.0.1 keeps the stack private to this machine).")
    var host = "127.0.0.1"

    @Option(help: "Invoke API port.")
    var invokePort = 3001

    @Option(help: "API Gateway front port.")
    var apiPort = 3000

    @Flag(inversion: .prefixedNo, help: "Fire the template's enabled schedule rules at their fire times.")
    var schedules = true

    @Flag(help: "Fire every enabled schedule rule once at start-up, then keep to the schedules.")
    var fireSchedulesOnStart = false

    func validate() throws {
        if fireSchedulesOnStart && !schedules {
            throw ValidationError("--fire-schedules-on-start needs the schedules; drop --no-schedules")
        }
    }

    func run() async throws {
        let declared = try stack.loadTemplate()
        var configuration = EmulatedStack.Configuration()
        configuration.host = host
        configuration.invokePort = invokePort
        configuration.apiPort = declared.routes.isEmpty ? nil : apiPort
        servers.apply(to: &configuration)
        // First the services (their port is the one a second `start` finds taken), then what lives in them: the
        // secrets and parameters (a function's environment gets the values of its dynamic references) and the
        // buckets (a schedule fired at start must find its bucket).
        let localServices = try await services.startForStack(host: host, allowedHosts: configuration.allowedHosts)
        let prepared: SecretOptions.Prepared
        let bucketReport: BucketOptions.Report
        let located: (functions: [LocalFunction], missing: [String])
        do {
            configuration.emulator = try stack.emulatorConfiguration(services: localServices.endpoint)
            prepared = try await secrets.prepare(declared, configuration: configuration.emulator, environment: localServices.environment)
            bucketReport = try await buckets.prepare(
                prepared.template, configuration: configuration.emulator, services: localServices.endpoint)
            located = try stack.locate(prepared.template)
        } catch {
            await localServices.stop()
            throw error
        }
        let template = prepared.template
        configuration.firesSchedules = schedules
        configuration.firesSchedulesAtStart = fireSchedulesOnStart
        let running: EmulatedStack
        do {
            running = try await EmulatedStack.start(template: template, functions: located.functions, configuration: configuration)
        } catch let error as EmulatorError {
            await localServices.stop()
            throw CommandError(error.description)
        }
        var lines = located.missing.map { "warning: no bootstrap for \($0); its invocations answer Runtime.InvalidEntrypoint" }
        let invokeURL = "http://\(host):\(running.invokePort ?? 0)"
        lines.append("Invoke API: \(invokeURL)  (aws lambda invoke --endpoint-url \(invokeURL) --function-name NAME out.json)")
        lines.append("Functions: \(located.functions.map(\.name).joined(separator: ", "))")
        if let port = running.apiPort {
            lines.append("API: http://\(host):\(port)  (stage \(template.stageName))")
            for route in template.routes { lines.append("  \(route.method) http://\(host):\(port)\(route.path)") }
        }
        lines.append(localServices.endpoint.bannerLine)
        lines += stack.credentials.bannerLines(reachesAWS: localServices.endpoint == .aws)
        lines += bucketReport.lines
        lines += prepared.lines
        lines += scheduleLines(running)
        lines += template.warnings.map { "note: \($0)" }
        // Listening before the banner: a script that stops the stack as soon as it sees the ports must not find
        // Ctrl-C ignored and lost.
        var interrupts = await Self.interrupts().makeAsyncIterator()
        // Written unbuffered, so that a script or test reading the pipe sees the ports at once.
        FileHandle.standardOutput.write(Data(lines.map { $0 + "\n" }.joined().utf8))
        _ = await interrupts.next()
        await running.shutdown()
        await localServices.stop()
    }

    /// The schedules with their next fire time (the scheduler started a moment ago, so rates count from about now).
    private func scheduleLines(_ running: EmulatedStack) -> [String] {
        guard let schedules = running.schedules else {
            return running.template.schedules.isEmpty ? [] : ["Schedules: not fired (--no-schedules); lambda-local fire RULE fires one"]
        }
        guard !schedules.rules.isEmpty else { return [] }
        let now = Date()
        var lines = ["Schedules (UTC\(fireSchedulesOnStart ? "; each enabled rule fired once at start" : "")):"]
        for rule in schedules.rules {
            var line = "  " + rule.summary
            if rule.isEnabled {
                line += rule.expression.nextFireTime(after: now, rateStart: now).map { "  next \($0.utcText)" } ?? "  (no fire time left)"
            }
            lines.append(line)
        }
        return lines + schedules.warnings.map { "warning: \($0)" }
    }

    /// Catches SIGINT and SIGTERM from the return on; each one is an element of the stream.
    private static func interrupts() async -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        for number in [SIGINT, SIGTERM] {
            // The default action (exit) is turned off first, as dispatch requires; until the source is
            // registered a signal would be ignored, so wait for the registration.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield() }
            await withCheckedContinuation { (registered: CheckedContinuation<Void, Never>) in
                source.setRegistrationHandler { registered.resume() }
                source.resume()
            }
            Sources.keep(source)
        }
        return stream
    }
}

/// Keeps signal sources alive for the life of the process.
private enum Sources {
    nonisolated(unsafe) static var all: [any DispatchSourceSignal] = []
    static func keep(_ source: any DispatchSourceSignal) { all.append(source) }
}
