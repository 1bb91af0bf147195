import Foundation
import LambdaEmulator
import StackTemplate
import Testing

/// A Swift trap in a handler of the project's runtime (the `TestFunction` fixture's `trap` handler) reaches
/// the caller as a `Runtime.Crash` function error with Swift's message, through the real AWS CLI.
@Suite struct SwiftCrashReportTests {
    static let template = Data("""
        {"Resources": {"Trap": {"Type": "AWS::Lambda::Function", "Metadata": {"SwiftLambda": {"Product": "TestFunction"}},
          "Properties": {"FunctionName": "trap", "Handler": "trap", "Runtime": "provided.al2023", "Timeout": 10,
            "Environment": {"Variables": {"LAMBDA_CRASH_REPORTING": "stack"}}}}}}
        """.utf8)

    func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    @Test func fatalErrorAndIndexOutOfRangeReachTheAWSCLI() async throws {
        let logs = LogCollector()
        let stack = try await startSwiftStack(Self.template, logs)
        let port = try #require(stack.invokePort)
        let outFile = FileManager.default.temporaryDirectory.appendingPathComponent("trap-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: outFile) }
        func invoke(_ payload: String) async throws -> (output: [String: Any], body: [String: Any]) {
            let result = try await run(
                ["aws", "lambda", "invoke", "--function-name", "trap", "--payload", payload, outFile,
                 "--endpoint-url", "http://127.0.0.1:\(port)", "--output", "json"],
                environment: awsEnvironment)
            #expect(result.status == 0, "\(result.error)")
            return (json(result.output), json(try String(contentsOfFile: outFile, encoding: .utf8)))
        }

        let boom = try await invoke(#"{"message":"boom"}"#)
        #expect(boom.output["FunctionError"] as? String == "Unhandled")
        #expect(boom.body["errorType"] as? String == "Runtime.Crash", "\(boom.body)")
        let message = try #require(boom.body["errorMessage"] as? String)
        #expect(message.contains("Fatal error: boom") && message.contains("SIGILL"), "\(message)")
        let stackTrace = try #require(boom.body["stackTrace"] as? [String])
        #expect(!stackTrace.isEmpty && stackTrace.count <= 16, "\(stackTrace)")

        // The process died from the trap, as before; the next invocation starts a new one and reports again.
        let index = try await invoke(#"{"kind":"index"}"#)
        #expect(index.body["errorType"] as? String == "Runtime.Crash")
        #expect((index.body["errorMessage"] as? String)?.contains("Index out of range") == true, "\(index.body)")
        let segv = try await invoke(#"{"kind":"segv"}"#)
        #expect(segv.body["errorType"] as? String == "Runtime.Crash")
        #expect((segv.body["errorMessage"] as? String)?.contains("SIGSEGV") == true, "\(segv.body)")
        #expect(stack.lambda.instancesStarted("trap") == 3)
        await stack.shutdown()
    }
}
