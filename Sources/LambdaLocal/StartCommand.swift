import ArgumentParser
import Foundation
import LambdaEmulator

/// Runs the whole local stack until interrupted.
struct StartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Serve the Invoke API and the template's API routes until Ctrl-C.",
        discussion: """
            Point the AWS CLI or an SDK at the Invoke API with --endpoint-url http://127.0.0.1:<invoke-port>,
            and curl the API routes at http://127.0.0.1:<api-port>/<path>.
            """)

    @OptionGroup var stack: StackOptions

    @Option(help: "Address to bind (127.0.0.1 keeps the stack private to this machine).")
    var host = "127.0.0.1"

    @Option(help: "Invoke API port.")
    var invokePort = 3001

    @Option(help: "API Gateway front port.")
    var apiPort = 3000

    func run() async throws {
        let template = try stack.loadTemplate()
        let located = try stack.locate(template)
        var configuration = EmulatedStack.Configuration()
        configuration.host = host
        configuration.invokePort = invokePort
        configuration.apiPort = template.routes.isEmpty ? nil : apiPort
        configuration.emulator = stack.emulatorConfiguration()
        let running: EmulatedStack
        do {
            running = try await EmulatedStack.start(template: template, functions: located.functions, configuration: configuration)
        } catch let error as EmulatorError {
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
        lines += template.warnings.map { "note: \($0)" }
        // Written unbuffered, so that a script or test reading the pipe sees the ports at once.
        FileHandle.standardOutput.write(Data(lines.map { $0 + "\n" }.joined().utf8))
        await waitForInterrupt()
        await running.shutdown()
    }

    private func waitForInterrupt() async {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = Once(continuation)
            for number in [SIGINT, SIGTERM] {
                let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
                source.setEventHandler { once.fire() }
                source.resume()
                Sources.keep(source)
            }
        }
    }
}

/// Resumes a continuation at most once, whichever signal comes first.
private final class Once: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Void, Never>?

    init(_ continuation: CheckedContinuation<Void, Never>) { self.continuation = continuation }

    func fire() {
        lock.lock()
        let pending = continuation
        continuation = nil
        lock.unlock()
        pending?.resume()
    }
}

/// Keeps signal sources alive for the life of the process.
private enum Sources {
    nonisolated(unsafe) static var all: [any DispatchSourceSignal] = []
    static func keep(_ source: any DispatchSourceSignal) { all.append(source) }
}
