import Foundation
import LambdaEmulator
import StackTemplate
import Testing

/// Timeouts, crashes, init errors, oversized responses: each fails as Lambda reports it, and the next invocation
/// gets a fresh instance.
@Suite struct LocalLambdaFailureTests {
    @Test func timeoutKillsTheInstanceAndAnswersSandboxTimedout() async throws {
        let logs = LogCollector()
        let lambda = LocalLambda(
            functions: [Fixtures.python("slow", handler: "handler.slow", timeout: 1)], configuration: configuration(logs))
        let timedOut = try await lambda.invoke("slow", request: .json(#"{"seconds": 30}"#))
        let next = try await lambda.invoke("slow", request: .json(#"{"seconds": 0}"#))
        await lambda.shutdown()
        #expect(timedOut.functionError == "Unhandled")
        #expect(timedOut.errorType == "Sandbox.Timedout")
        #expect(timedOut.json["errorType"] as? String == "Sandbox.Timedout")
        #expect(timedOut.json["errorMessage"] as? String
            == "RequestId: \(timedOut.requestID) Error: Task timed out after 1.00 seconds")
        #expect(timedOut.logLines.contains("slow: sleeping 30"))
        let timeoutLine = try #require(timedOut.logLines.first { $0.hasSuffix("Task timed out after 1.00 seconds") })
        #expect(timeoutLine.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z "#, options: .regularExpression) != nil)
        #expect(timeoutLine.contains(" \(timedOut.requestID) "))
        #expect(timedOut.logLines.last?.contains("\tStatus: timeout\t") == true)
        #expect(next.functionError == nil)
        #expect(next.json["slept"] as? Int == 0)
        #expect(next.logLines.last?.contains("Init Duration") == true)  // a fresh instance
        #expect(lambda.instancesStarted("slow") == 2)
    }

    @Test func crashAnswersRuntimeExitErrorWithTheExitStatus() async throws {
        let logs = LogCollector()
        let lambda = LocalLambda(
            functions: [Fixtures.python("crash", handler: "handler.crash")], configuration: configuration(logs))
        let crashed = try await lambda.invoke("crash", request: .json("{}"))
        let again = try await lambda.invoke("crash", request: .json("{}"))
        await lambda.shutdown()
        let message = "RequestId: \(crashed.requestID) Error: Runtime exited with error: exit status 3"
        #expect(crashed.functionError == "Unhandled")
        #expect(crashed.json["errorType"] as? String == "Runtime.ExitError")
        #expect(crashed.json["errorMessage"] as? String == message)
        #expect(crashed.logLines.contains("crash: exiting with 3"))
        #expect(crashed.logLines.contains(message))
        #expect(crashed.logLines.last?.contains("\tStatus: error\tError Type: Runtime.ExitError\t") == true)
        #expect(again.json["errorType"] as? String == "Runtime.ExitError")
        #expect(lambda.instancesStarted("crash") == 2)
    }

    @Test func initErrorIsTheFirstInvocationsResult() async throws {
        let logs = LogCollector()
        let function = LocalFunction(
            definition: FunctionDefinition(logicalID: "broken", name: "broken", handler: "handler.handle"),
            codePath: Fixtures.path("python-init-error"))
        let lambda = LocalLambda(functions: [function], configuration: configuration(logs))
        let result = try await lambda.invoke("broken", request: .json("{}"))
        let retried = try await lambda.invoke("broken", request: .json("{}"))
        await lambda.shutdown()
        #expect(result.functionError == "Unhandled")
        let type = try #require(result.json["errorType"] as? String)
        #expect(type == "Runtime.UserCodeSyntaxError" || type == "RuntimeError")
        #expect((result.json["errorMessage"] as? String)?.contains("cannot configure: missing BUCKET") == true)
        #expect(result.logLines.contains("init: about to fail"))
        #expect(result.logLines.contains { $0.hasPrefix("INIT_REPORT Init Duration: ") && $0.contains("\tPhase: init\tStatus: error\tError Type: ") })
        #expect(result.logLines.last?.contains("\tStatus: error\t") == true)
        #expect(retried.functionError == "Unhandled")
        #expect(lambda.instancesStarted("broken") == 2)  // init is retried with a fresh instance
    }

    @Test func bootstrapThatExitsDuringInitAnswersRuntimeExitError() async throws {
        let logs = LogCollector()
        let function = LocalFunction(
            definition: FunctionDefinition(logicalID: "quits", name: "quits"), codePath: Fixtures.path("exits-at-start"))
        let lambda = LocalLambda(functions: [function], configuration: configuration(logs))
        let result = try await lambda.invoke("quits", request: .json("{}"))
        await lambda.shutdown()
        #expect(result.json["errorType"] as? String == "Runtime.ExitError")
        #expect(result.json["errorMessage"] as? String
            == "RequestId: \(result.requestID) Error: Runtime exited with error: exit status 2")
        #expect(result.logLines.contains("bootstrap: giving up"))
    }

    @Test func missingBootstrapAnswersInvalidEntrypoint() async throws {
        let logs = LogCollector()
        let function = LocalFunction(
            definition: FunctionDefinition(logicalID: "none", name: "none"), codePath: "/nonexistent/folder")
        let lambda = LocalLambda(functions: [function], configuration: configuration(logs))
        let result = try await lambda.invoke("none", request: .json("{}"))
        await lambda.shutdown()
        #expect(result.json["errorType"] as? String == "Runtime.InvalidEntrypoint")
        #expect((result.json["errorMessage"] as? String)?.contains("Couldn't find valid bootstrap(s): [/nonexistent/folder]") == true)
        #expect(result.logLines.last?.contains("Error Type: Runtime.InvalidEntrypoint") == true)
    }

    @Test func oversizedResponseAnswersResponseSizeTooLarge() async throws {
        let logs = LogCollector()
        let lambda = LocalLambda(
            functions: [Fixtures.python("big", handler: "handler.big")], configuration: configuration(logs))
        let tooBig = try await lambda.invoke("big", request: .json(#"{"size": 7000000}"#))
        let fits = try await lambda.invoke("big", request: .json(#"{"size": 6000000}"#))
        await lambda.shutdown()
        #expect(tooBig.functionError == "Unhandled")
        #expect(tooBig.json["errorType"] as? String == "Function.ResponseSizeTooLarge")
        #expect(tooBig.json["errorMessage"] as? String
            == "Response payload size exceeded maximum allowed payload size (6291556 bytes).")
        #expect(fits.functionError == nil)
        #expect(fits.payload.count == 6_000_002)
    }

    @Test func functionErrorIsAResultWithTheRuntimesErrorJSON() async throws {
        let logs = LogCollector()
        let lambda = LocalLambda(
            functions: [Fixtures.python("fail", handler: "handler.fail")], configuration: configuration(logs))
        let result = try await lambda.invoke("fail", request: .json(#"{"a":1}"#))
        await lambda.shutdown()
        #expect(result.functionError == "Unhandled")
        #expect(result.errorType == "ValueError")
        #expect(result.json["errorType"] as? String == "ValueError")
        #expect(result.json["errorMessage"] as? String == #"bad input: {"a": 1}"#)
        #expect(lambda.instancesStarted("fail") == 1)
    }
}

/// What Lambda answers and logs where the emulator used to differ: foreign ARNs, oversized requests, the REPORT
/// after a failed init and after a timeout.
@Suite struct LambdaFidelityTests {
    @Test func anotherAccountsOrRegionsARNIsNotFound() async throws {
        let lambda = LocalLambda(functions: [Fixtures.python("echo", handler: "handler.echo")], configuration: configuration(LogCollector()))
        #expect(throws: EmulatorError.functionNotFound(
            "arn:aws:lambda:us-east-1:999999999999:function:echo", arn: "arn:aws:lambda:us-east-1:999999999999:function:echo")) {
            try lambda.resolve("arn:aws:lambda:us-east-1:999999999999:function:echo")
        }
        #expect(throws: EmulatorError.functionNotFound(
            "arn:aws:lambda:eu-west-1:123456789012:function:echo", arn: "arn:aws:lambda:eu-west-1:123456789012:function:echo")) {
            try lambda.resolve("arn:aws:lambda:eu-west-1:123456789012:function:echo")
        }
        #expect(throws: EmulatorError.self) { try lambda.resolve("999999999999:function:echo") }
        #expect(try lambda.resolve("arn:aws:lambda:us-east-1:123456789012:function:echo").0.name == "echo")
        #expect(try lambda.resolve("123456789012:function:echo").0.name == "echo")
        #expect(lambda.instancesStarted("echo") == 0)
        await lambda.shutdown()
    }

    @Test func eventPayloadsOverOneMegabyteAreRefused() async throws {
        let lambda = LocalLambda(functions: [Fixtures.python("echo", handler: "handler.echo")], configuration: configuration(LogCollector()))
        let payload = Array(("\"" + String(repeating: "x", count: 1_048_577) + "\"").utf8)
        #expect(throws: EmulatorError.payloadTooLarge(limit: 1_048_576)) { try lambda.invokeEvent("echo", payload: payload) }
        await lambda.shutdown()
    }

    @Test func reportAfterAFailedInitCarriesTheInitsTimeAndMemory() async throws {
        let function = LocalFunction(
            definition: FunctionDefinition(logicalID: "broken", name: "broken", handler: "handler.handle"),
            codePath: Fixtures.path("python-init-error"))
        let lambda = LocalLambda(functions: [function], configuration: configuration(LogCollector()))
        let result = try await lambda.invoke("broken", request: .json("{}"))
        await lambda.shutdown()
        let report = try #require(result.logLines.last)
        #expect(report.hasPrefix("REPORT RequestId: \(result.requestID)\tDuration: "))
        #expect(!report.contains("Duration: 0.00 ms"))
        #expect(!report.contains("Max Memory Used: 0 MB"))
        #expect(!report.contains("Init Duration"))
        #expect(report.hasSuffix("\tStatus: error\tError Type: \(try #require(result.errorType))\t"))
    }

    @Test func reportAfterATimeoutSaysTheLimit() async throws {
        let lambda = LocalLambda(
            functions: [Fixtures.python("slow", handler: "handler.slow", timeout: 1)], configuration: configuration(LogCollector()))
        _ = try await lambda.invoke("slow", request: .json(#"{"seconds": 0}"#))  // warm, so no init in the bill
        let timedOut = try await lambda.invoke("slow", request: .json(#"{"seconds": 5}"#))
        await lambda.shutdown()
        let report = try #require(timedOut.logLines.last)
        #expect(report.contains("\tDuration: 1000.00 ms\tBilled Duration: 1000 ms\t"), "\(report)")
        #expect(report.contains("\tStatus: timeout\t"))
    }
}
