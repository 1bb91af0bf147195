import Foundation
import LambdaEmulator
import StackTemplate
import Testing

/// boto3 against the Invoke API: modeled exceptions, payload streams, log tails, client context.
@Suite struct Boto3Tests {
    @Test func boto3SeesLambdasAnswers() async throws {
        let logs = LogCollector()
        let stack = try await startTestStack(logs)
        let port = try #require(stack.invokePort)
        let run = try await LambdaEmulatorTests.run(["python3", Fixtures.path("boto3_checks.py"), String(port)])
        await stack.shutdown()
        #expect(run.status == 0, "\(run.error)")
        let observed = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])

        let ok = try #require(observed["ok"] as? [String: Any])
        #expect(ok["status"] as? Int == 200)
        #expect((ok["payload"] as? [String: String]) == ["from": "boto3"])
        #expect(ok["version"] as? String == "$LATEST")
        #expect(ok["functionError"] is NSNull)
        let requestID = try #require(ok["requestId"] as? String)
        let log = try #require(ok["log"] as? String)
        #expect(log.contains("START RequestId: \(requestID) Version: $LATEST"))
        #expect(log.contains("REPORT RequestId: \(requestID)\t"))

        let info = try #require(observed["info"] as? [String: Any])
        #expect((info["clientContext"] as? [String: String]) == ["user": "u1"])
        #expect((info["env"] as? [String: String])?["GREETING"] == "Hello")

        let timeout = try #require(observed["timeout"] as? [String: Any])
        #expect(timeout["status"] as? Int == 200)
        #expect(timeout["functionError"] as? String == "Unhandled")
        let timeoutID = try #require(timeout["requestId"] as? String)
        #expect((timeout["payload"] as? [String: String]) == [
            "errorType": "Sandbox.Timedout",
            "errorMessage": "RequestId: \(timeoutID) Error: Task timed out after 1.00 seconds",
        ])

        let event = try #require(observed["event"] as? [String: Any])
        #expect(event["status"] as? Int == 202)
        #expect(event["payload"] as? String == "")
        #expect((observed["dryRun"] as? [String: Int]) == ["status": 204])

        let stream = try #require(observed["stream"] as? [String: Any])
        #expect(stream["status"] as? Int == 200)
        #expect(stream["version"] as? String == "$LATEST")
        #expect(stream["payload"] as? String == #"{"streamed": true}"#)
        let complete = try #require((stream["complete"] as? [[String: String]])?.first)
        #expect(complete["LogResult"]?.contains("START RequestId: ") == true)
        #expect(complete["ErrorCode"] == nil)
        let streamError = try #require((observed["streamError"] as? [[String: String]])?.first)
        #expect(streamError["ErrorCode"] == "ValueError")
        #expect(streamError["ErrorDetails"]?.contains("bad input") == true)

        let errors = try #require(observed["errors"] as? [String: [Any]])
        #expect(errors["unknown"]?[0] as? String == "ResourceNotFoundException")
        #expect(errors["unknown"]?[1] as? String == "Function not found: arn:aws:lambda:us-east-1:123456789012:function:missing")
        #expect(errors["unknown"]?[2] as? Int == 404)
        #expect(errors["tooLarge"]?[0] as? String == "RequestEntityTooLargeException")
        #expect(errors["tooLarge"]?[1] as? String == "Request must be smaller than 6291456 bytes for the InvokeFunction operation")
        #expect(errors["tooLarge"]?[2] as? Int == 413)
        #expect(errors["badJSON"]?[0] as? String == "InvalidRequestContentException")
        #expect(errors["badJSON"]?[2] as? Int == 400)
    }

    @Test func plainFunctionPathServesTheOnlyFunction() async throws {
        let json = #"{"Resources": {"Only": {"Type": "AWS::Lambda::Function", "Properties": {"Handler": "handler.echo"}}}}"#
        let template = try StackTemplate(data: Data(json.utf8))
        let logs = LogCollector()
        var configuration = EmulatedStack.Configuration()
        configuration.invokePort = 0
        configuration.apiPort = nil
        configuration.emulator = LambdaEmulatorTests.configuration(logs)
        let stack = try await EmulatedStack.start(
            template: template,
            functions: LocalFunction.locate(in: template, codePaths: ["Only": Fixtures.path("python")], buildDirectories: []).functions,
            configuration: configuration)
        let port = try #require(stack.invokePort)
        let response = try await http(
            "POST", "http://127.0.0.1:\(port)/2015-03-31/functions/function/invocations", body: #"{"rie":"style"}"#,
            headers: ["Content-Type": "application/json"])  // the Invoke API refuses browser body types
        await stack.shutdown()
        #expect(response.status == 200)
        #expect(response.body == #"{"rie": "style"}"#)
    }
}
