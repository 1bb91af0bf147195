import Foundation
import LambdaEmulator
import Testing

/// The real AWS CLI (botocore) against the Invoke API, unchanged but for `--endpoint-url`.
@Suite struct AWSCLITests {
    func aws(_ port: Int, _ arguments: [String]) async throws -> (status: Int32, output: String, error: String) {
        try await run(
            ["aws", "lambda"] + arguments + ["--endpoint-url", "http://127.0.0.1:\(port)", "--output", "json"],
            environment: awsEnvironment)
    }

    func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    @Test func invokeSuccessErrorTailEventAndDryRun() async throws {
        let logs = LogCollector()
        let stack = try await startTestStack(logs)
        let port = try #require(stack.invokePort)
        let outFile = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: outFile) }

        let ok = try await aws(port, ["invoke", "--function-name", "echo", "--payload", #"{"name":"John"}"#, outFile])
        #expect(ok.status == 0, "\(ok.error)")
        #expect(json(ok.output)["StatusCode"] as? Int == 200)
        #expect(json(ok.output)["ExecutedVersion"] as? String == "$LATEST")
        #expect(json(ok.output)["FunctionError"] == nil)
        #expect(try String(contentsOfFile: outFile, encoding: .utf8) == #"{"name": "John"}"#)

        let tail = try await aws(port, ["invoke", "--function-name", "echo", "--log-type", "Tail", "--payload", "[7]", outFile])
        let logResult = try #require(json(tail.output)["LogResult"] as? String)
        let log = String(decoding: try #require(Data(base64Encoded: logResult)), as: UTF8.self)
        #expect(log.contains("START RequestId: "))
        #expect(log.contains("echo: [7]\n"))
        #expect(log.contains("\nEND RequestId: "))
        #expect(log.contains("\nREPORT RequestId: "))

        let failed = try await aws(port, ["invoke", "--function-name", "fail", "--payload", "{}", outFile])
        #expect(failed.status == 0)
        #expect(json(failed.output)["StatusCode"] as? Int == 200)
        #expect(json(failed.output)["FunctionError"] as? String == "Unhandled")
        #expect(json(try String(contentsOfFile: outFile, encoding: .utf8))["errorType"] as? String == "ValueError")

        let crashed = try await aws(port, ["invoke", "--function-name", "crash", "--payload", "{}", outFile])
        #expect(json(crashed.output)["FunctionError"] as? String == "Unhandled")
        #expect(json(try String(contentsOfFile: outFile, encoding: .utf8))["errorType"] as? String == "Runtime.ExitError")
        #expect(stack.lambda.instancesStarted("crash") == 1)  // a 200 is not retried, unlike a 5xx

        let event = try await aws(port, ["invoke", "--function-name", "echo", "--invocation-type", "Event", "--payload", "{}", outFile])
        #expect(json(event.output)["StatusCode"] as? Int == 202)
        let dryRun = try await aws(port, ["invoke", "--function-name", "echo", "--invocation-type", "DryRun", "--payload", "{}", outFile])
        #expect(json(dryRun.output)["StatusCode"] as? Int == 204)

        let byARN = try await aws(port, [
            "invoke", "--function-name", "arn:aws:lambda:us-east-1:123456789012:function:echo", "--qualifier", "$LATEST",
            "--payload", "1", outFile,
        ])
        #expect(json(byARN.output)["StatusCode"] as? Int == 200, "\(byARN.error)")
        #expect(try String(contentsOfFile: outFile, encoding: .utf8) == "1")

        let listed = try await aws(port, ["list-functions"])
        let names = (json(listed.output)["Functions"] as? [[String: Any]])?.compactMap { $0["FunctionName"] as? String }
        #expect(names?.contains("greetings") == true)
        #expect(names?.contains("echo") == true)
        await stack.shutdown()
    }

    @Test func serviceErrorsCarryBotocoresNames() async throws {
        let logs = LogCollector()
        let stack = try await startTestStack(logs)
        let port = try #require(stack.invokePort)
        let outFile = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: outFile) }

        let unknown = try await aws(port, ["invoke", "--function-name", "nope", "--payload", "{}", outFile])
        #expect(unknown.status != 0)
        #expect(unknown.error.contains("(ResourceNotFoundException)"))
        #expect(unknown.error.contains("Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope"))

        let alias = try await aws(port, ["invoke", "--function-name", "echo:prod", "--payload", "{}", outFile])
        #expect(alias.error.contains("Function not found: arn:aws:lambda:us-east-1:123456789012:function:echo:prod"))

        let badJSON = try await aws(port, ["invoke", "--function-name", "echo", "--payload", "{oops", outFile])
        #expect(badJSON.status != 0)
        #expect(badJSON.error.contains("(InvalidRequestContentException)"))
        #expect(badJSON.error.contains("Could not parse request body into json"))
        #expect(stack.lambda.instancesStarted("echo") == 0)
        await stack.shutdown()
    }
}
