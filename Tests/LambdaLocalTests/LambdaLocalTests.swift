import Foundation
import Synchronization
import Testing
import TestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The `lambda-local` executable as a user runs it.
@Suite struct LambdaLocalTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("EmulatorTests/Fixtures")
    static let products: String = {
        var url = URL(fileURLWithPath: CommandLine.arguments.first { $0.contains(".xctest") } ?? CommandLine.arguments[0])
        while url.pathComponents.count > 1 && !url.lastPathComponent.hasSuffix(".xctest") { url.deleteLastPathComponent() }
        return url.deletingLastPathComponent().path
    }()
    static let template = fixtures.appendingPathComponent("template.json").path
    static let python = fixtures.appendingPathComponent("python").path

    func lambdaLocal(_ arguments: [String], input: String? = nil, environment: [String: String]? = nil) async throws
        -> (status: Int32, output: String, error: String)
    {
        let result = try await runProgram(Self.products + "/lambda-local", arguments, environment: environment, input: input)
        return (result.status, result.output, result.error)
    }

    @Test func invokePrintsResultAndLog() async throws {
        let eventFile = FileManager.default.temporaryDirectory.appendingPathComponent("event-\(UUID().uuidString).json")
        try Data(#"{"greet":"Hi","name":"John"}"#.utf8).write(to: eventFile)
        defer { try? FileManager.default.removeItem(at: eventFile) }
        let fromFile = try await lambdaLocal(["invoke", "greetings", "-t", Self.template, "--build-dir", Self.products, "--event", eventFile.path])
        #expect(fromFile.status == 0, "\(fromFile.error)")
        #expect(fromFile.output == "\"Hi John!\"\n")
        #expect(fromFile.error.contains("[greetings#1] START RequestId: "))
        #expect(fromFile.error.contains("[greetings#1] REPORT RequestId: "))
        let fromStdin = try await lambdaLocal(
            ["invoke", "echo", "-t", Self.template, "--code", "echo=\(Self.python)", "-e", "-"], input: "[1, 2]")
        #expect(fromStdin.output == "[1, 2]\n")
        let failing = try await lambdaLocal(["invoke", "fail", "-t", Self.template, "--code", "fail=\(Self.python)"])
        #expect(failing.status == 1)
        #expect(failing.output.contains(#""errorType": "ValueError""#))
    }

    @Test func maxConcurrencySetsTheFunctionsPerProcessConcurrency() async throws {
        let base = ["invoke", "info", "-t", Self.template, "--code", "info=\(Self.python)"]
        let many = try await lambdaLocal(base + ["--max-concurrency", "info=4"])
        #expect(many.status == 0, "\(many.error)")
        #expect(many.output.contains(#""AWS_LAMBDA_MAX_CONCURRENCY": "4""#), "\(many.output)")
        let one = try await lambdaLocal(base)
        #expect(one.status == 0, "\(one.error)")
        #expect(!one.output.contains("AWS_LAMBDA_MAX_CONCURRENCY"))
        let zero = try await lambdaLocal(base + ["--max-concurrency", "info=0"])
        #expect(zero.status != 0)
        #expect(zero.error.contains("--max-concurrency info=0: N must be an integer from 1 to 1600"))
        let unknown = try await lambdaLocal(base + ["--max-concurrency", "nope=2"])
        #expect(unknown.error.contains("--max-concurrency: function not found: nope"))
        let malformed = try await lambdaLocal(base + ["--max-concurrency", "4"])
        #expect(malformed.error.contains("--max-concurrency takes KEY=VALUE, got 4"))
    }

    @Test func clearMessagesForBadInput() async throws {
        let unknown = try await lambdaLocal(["invoke", "nope", "-t", Self.template])
        #expect(unknown.status != 0)
        #expect(unknown.error.contains("Error: function not found: nope (functions in \(Self.template): badProxy, crash, echo"))
        let missing = try await lambdaLocal(["list", "-t", "/nonexistent/template.json"])
        #expect(missing.status != 0)
        #expect(missing.error.contains("Error: template not found: /nonexistent/template.json"))
        let badEvent = try await lambdaLocal(["invoke", "greetings", "-t", Self.template, "-e", "-"], input: "{nope")
        #expect(badEvent.status != 0)
        #expect(badEvent.error.contains("Error: event from standard input is not JSON"))
        let noFile = try await lambdaLocal(["invoke", "greetings", "-t", Self.template, "-e", "/nonexistent/event.json"])
        #expect(noFile.error.contains("Error: event file not found: /nonexistent/event.json"))
        let badParameter = try await lambdaLocal(["list", "-t", Self.template, "--parameter", "Greeting"])
        #expect(badParameter.error.contains("--parameter takes KEY=VALUE, got Greeting"))
    }

    @Test func listShowsFunctionsRoutesAndCode() async throws {
        let listed = try await lambdaLocal(["list", "-t", Self.template, "--build-dir", Self.products])
        #expect(listed.status == 0)
        #expect(listed.output.contains("  greetings  handler=greetings  runtime=provided.al2023  memory=128 MB  timeout=10 s  \(Self.products)/greetings"))
        #expect(listed.output.contains("  GET /user/{username}/greet → greetings"))
        #expect(listed.output.contains("(no bootstrap: "))
    }

    @Test func startServesUntilInterruptedAndReportsPortInUse() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.products + "/lambda-local")
        process.arguments = ["start", "--services-port", "0", "-t", Self.template, "--build-dir", Self.products, "--invoke-port", "0", "--api-port", "0"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        let output = Mutex("")
        try process.run()
        // Every wait below has a deadline, and the process is killed whatever happens: a stuck `start` must fail
        // this test, never hang the suite.
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        Thread.detachNewThread {
            while true {
                let data = pipe.fileHandleForReading.availableData
                if data.isEmpty { return }
                output.withLock { $0 += String(decoding: data, as: UTF8.self) }
            }
        }
        let bannerDeadline = Date().addingTimeInterval(60)
        while !output.withLock({ $0.contains("API: ") }) && Date() < bannerDeadline && process.isRunning {
            try await Task.sleep(for: .milliseconds(20))
        }
        let banner = output.withLock { $0 }
        func port(after marker: String) throws -> Int {
            let line = try #require(banner.split(separator: "\n").first { $0.hasPrefix(marker) })
            let url = try #require(line.split(separator: " ").first { $0.hasPrefix("http://") })
            return try #require(Int(url.split(separator: ":").last!))
        }
        let invokePort = try port(after: "Invoke API: ")
        let apiPort = try port(after: "API: ")
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(apiPort)/greeting?name=John")!)
        request.timeoutInterval = 30
        let (body, _) = try await URLSession.shared.data(for: request)
        #expect(String(decoding: body, as: UTF8.self) == #"{"greeting":"Hello John!"}"#)

        let clash = try await lambdaLocal(["start", "--services-port", "0", "-t", Self.template, "--invoke-port", String(invokePort), "--api-port", "0"])
        #expect(clash.status != 0)
        #expect(clash.error.contains("Error: port \(invokePort) on 127.0.0.1 is already in use"))

        kill(process.processIdentifier, SIGINT)
        let exitDeadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < exitDeadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(!process.isRunning, "lambda-local start did not stop within 20 s of SIGINT")
        if !process.isRunning { #expect(process.terminationStatus == 0) }
    }
}
