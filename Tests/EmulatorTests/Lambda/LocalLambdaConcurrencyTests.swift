import Foundation
import LambdaEmulator
import StackTemplate
import Testing

@Suite struct LocalLambdaConcurrencyTests {
    @Test func overlappingInvocationsRunInTwoInstances() async throws {
        let logs = LogCollector()
        let lambda = LocalLambda(
            functions: [Fixtures.python("slow", handler: "handler.slow")], configuration: configuration(logs))
        async let first = lambda.invoke("slow", request: .json(#"{"seconds": 1}"#))
        async let second = lambda.invoke("slow", request: .json(#"{"seconds": 1}"#))
        let results = try await [first, second]
        let third = try await lambda.invoke("slow", request: .json(#"{"seconds": 0}"#))
        await lambda.shutdown()
        #expect(Set(results.compactMap { $0.json["pid"] as? Int }).count == 2)
        #expect(lambda.instancesStarted("slow") == 2)
        #expect(results.map(\.requestID) != [] && results[0].requestID != results[1].requestID)
        #expect(third.logLines.last?.contains("Init Duration") == false)  // warm
    }

    @Test func invocationsOverTheConcurrencyLimitWaitForAnInstance() async throws {
        let logs = LogCollector()
        let lambda = LocalLambda(
            functions: [Fixtures.python("slow", handler: "handler.slow")],
            configuration: configuration(logs, maxConcurrency: 1))
        async let first = lambda.invoke("slow", request: .json(#"{"seconds": 0.3}"#))
        async let second = lambda.invoke("slow", request: .json(#"{"seconds": 0.3}"#))
        let results = try await [first, second]
        await lambda.shutdown()
        #expect(results.allSatisfy { $0.functionError == nil })
        #expect(Set(results.compactMap { $0.json["pid"] as? Int }).count == 1)
        #expect(lambda.instancesStarted("slow") == 1)
    }

    @Test func eventInvocationRunsInTheBackground() async throws {
        let logs = LogCollector()
        let lambda = LocalLambda(
            functions: [Fixtures.python("echo", handler: "handler.echo")], configuration: configuration(logs))
        let result: InvocationResult = try await withCheckedThrowingContinuation { continuation in
            do {
                try lambda.invokeEvent("echo", payload: Array(#"{"async":true}"#.utf8)) { result in
                    continuation.resume(returning: result)
                }
            } catch {
                continuation.resume(throwing: error)
            }
        }
        await lambda.shutdown()
        #expect(result.text == #"{"async": true}"#)
    }

    @Test func contextEnvironmentAndHeadersReachTheHandler() async throws {
        let logs = LogCollector()
        let function = Fixtures.python(
            "info", handler: "handler.info", timeout: 7,
            environment: ["GREETING": "Hi=there", "AWS_REGION": "xx-fake-1", "_SECRET": "dropped"])
        let lambda = LocalLambda(functions: [function], configuration: configuration(logs))
        var request = InvocationRequest.json("{}")
        request.clientContext = #"{"custom":{"tenant":"t1"},"env":{},"client":{}}"#
        request.qualifier = "$LATEST"
        let result = try await lambda.invoke("info", request: request)
        await lambda.shutdown()
        let json = result.json
        #expect(json["requestId"] as? String == result.requestID)
        #expect(json["arn"] as? String == "arn:aws:lambda:us-east-1:123456789012:function:info:$LATEST")
        let remaining = try #require(json["remainingMs"] as? Int)
        #expect(remaining > 3000 && remaining <= 7000)
        #expect((json["clientContext"] as? [String: String]) == ["tenant": "t1"])
        let environment = try #require(json["env"] as? [String: String])
        #expect(environment["_HANDLER"] == "handler.info")
        #expect(environment["GREETING"] == "Hi=there")
        #expect(environment["AWS_REGION"] == "us-east-1")
        #expect(environment["AWS_LAMBDA_FUNCTION_NAME"] == "info")
        #expect(environment["AWS_LAMBDA_FUNCTION_VERSION"] == "$LATEST")
        #expect(environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "128")
        #expect(environment["AWS_LAMBDA_LOG_GROUP_NAME"] == "/aws/lambda/info")
        #expect(environment["AWS_LAMBDA_LOG_STREAM_NAME"]?.range(
            of: #"^\d{4}/\d\d/\d\d/\[\$LATEST\][0-9a-f]{32}$"#, options: .regularExpression) != nil)
        #expect(environment["AWS_LAMBDA_INITIALIZATION_TYPE"] == "on-demand")
        #expect(environment["AWS_LAMBDA_RUNTIME_API"]?.hasPrefix("127.0.0.1:") == true)
        #expect(environment["LAMBDA_TASK_ROOT"] == Fixtures.path("python"))
        #expect(environment["TZ"] == ":UTC")
        #expect(environment["AWS_ACCESS_KEY_ID"] != nil)
        #expect(environment["_SECRET"] == nil)
        #expect(json["cwd"] as? String == Fixtures.path("python"))
    }

    @Test func unknownFunctionsAndBadPayloadsAreServiceErrors() async throws {
        let lambda = LocalLambda(functions: [Fixtures.python("echo", handler: "handler.echo")])
        await #expect(throws: EmulatorError.functionNotFound("nope", arn: "arn:aws:lambda:us-east-1:123456789012:function:nope")) {
            _ = try await lambda.invoke("nope", request: .json("{}"))
        }
        await #expect(throws: EmulatorError.functionNotFound("echo:prod", arn: "arn:aws:lambda:us-east-1:123456789012:function:echo:prod")) {
            _ = try await lambda.invoke("echo:prod", request: .json("{}"))
        }
        await #expect(throws: EmulatorError.payloadTooLarge(limit: 6_291_456)) {
            _ = try await lambda.invoke("echo", request: InvocationRequest(payload: Array(repeating: 0x20, count: 6_291_457)))
        }
        #expect(throws: EmulatorError.payloadTooLarge(limit: 1_048_576)) {
            try lambda.invokeEvent("echo", payload: Array(repeating: 0x20, count: 1_048_577))
        }
        do {
            _ = try await lambda.invoke("echo", request: .json("{not json"))
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("payload is not JSON"))
        }
        #expect(throws: Never.self) {
            _ = try lambda.resolve("arn:aws:lambda:us-east-1:123456789012:function:echo:$LATEST")
            _ = try lambda.resolve("123456789012:function:echo")
            try lambda.dryRun("echo", payload: [])
        }
        #expect(lambda.instancesStarted("echo") == 0)
        await lambda.shutdown()
    }
}

@Suite struct RebuildTests {
    @Test func rebuiltBootstrapGetsAFreshInstance() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rebuild-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: Fixtures.path("python"), toPath: folder.path)
        defer { try? FileManager.default.removeItem(at: folder) }
        let logs = LogCollector()
        let function = LocalFunction(
            definition: FunctionDefinition(logicalID: "info", name: "info", handler: "handler.info"), codePath: folder.path)
        let lambda = LocalLambda(functions: [function], configuration: configuration(logs))
        let first = try await lambda.invoke("info", request: .json("{}"))
        let warm = try await lambda.invoke("info", request: .json("{}"))
        // A rebuild writes a new file: here, the same script under a new inode.
        let bootstrap = folder.appendingPathComponent("bootstrap")
        let script = try Data(contentsOf: bootstrap)
        try FileManager.default.removeItem(at: bootstrap)
        try script.write(to: bootstrap)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bootstrap.path)
        let rebuilt = try await lambda.invoke("info", request: .json("{}"))
        await lambda.shutdown()
        #expect(first.json["pid"] as? Int == warm.json["pid"] as? Int)
        #expect(rebuilt.json["pid"] as? Int != first.json["pid"] as? Int)
        #expect(rebuilt.logLines.first?.hasPrefix("INIT_START") == true)
        #expect(lambda.instancesStarted("info") == 2)
    }
}
