import ArgumentParser
import Foundation
import LambdaEmulator

/// The book's lambda-test-harness: load through the Invoke API, and the baselines that show the emulator's cost.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Invoke a function N times with C concurrent callers through the Invoke API; print throughput and latency.",
        discussion: """
            With --baseline, also measures the same function looping against a bare Runtime API (no emulator) and
            in-process invocations (no Invoke API hop), so the emulator's own cost per invocation shows.
            """)

    @OptionGroup var stack: StackOptions

    @Argument(help: "The function's name or logical id.")
    var function: String

    @Option(name: [.customShort("n"), .customLong("requests")], help: "Invocations in all.")
    var requests = 1000

    @Option(name: [.customShort("c"), .customLong("callers")], help: "Concurrent callers.")
    var callers = 1

    @Option(name: .shortAndLong, help: ArgumentHelp("Event JSON file, or - for standard input (default {}).", valueName: "file"))
    var event: String?

    @Flag(help: "Also measure the bare Runtime API round trip and in-process invocations.")
    var baseline = false

    func run() async throws {
        let template = try stack.loadTemplate()
        let definition = try stack.function(function, in: template)
        let payload = try readEvent(event)
        let located = try stack.locate(template)
        guard !located.missing.contains(definition.name) else {
            throw CommandError("no bootstrap for \(definition.name); build it or pass --code \(definition.name)=PATH")
        }
        var configuration = EmulatedStack.Configuration()
        configuration.invokePort = 0
        configuration.apiPort = nil
        configuration.emulator = try stack.emulatorConfiguration()
        configuration.emulator.logSink = { _ in }
        let running = try await EmulatedStack.start(template: template, functions: located.functions, configuration: configuration)
        let port = running.invokePort!
        // Warm every instance the run will use, so the figures are for warm functions.
        _ = try await LoadTest.run(port: port, function: definition.name, payload: payload, requests: max(100, callers * 20), concurrency: callers)
        let report = try await LoadTest.run(port: port, function: definition.name, payload: payload, requests: requests, concurrency: callers)
        print("Invoke API (HTTP, \(definition.name), warm):")
        print(report.description.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        if baseline {
            let clock = ContinuousClock()
            var inProcess: [Duration] = []
            for _ in 0..<requests {
                let began = clock.now
                _ = try await running.lambda.invoke(definition.name, request: InvocationRequest(payload: payload))
                inProcess.append(clock.now - began)
            }
            await running.shutdown()
            let direct = try await LoadTest.runtimeAPIRoundTrips(
                function: located.functions.first { $0.name == definition.name }!, payload: payload, invocations: requests)
            let inProcessReport = LoadTest.Report(
                requests: requests, concurrency: 1, failures: 0, elapsed: inProcess.reduce(.zero, +), latencies: inProcess.sorted())
            print("In-process LocalLambda.invoke (no Invoke API hop), 1 caller:")
            print(inProcessReport.description.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            print("Bare Runtime API round trip (the function's own loop, no emulator):")
            print(direct.description.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            if callers == 1 {
                let added = (report.latency(50) - direct.latency(50)) / .microseconds(1)
                print(String(format: "Emulator adds (p50, Invoke API − bare round trip): %.1f µs per invocation", added))
            }
        } else {
            await running.shutdown()
        }
    }
}
