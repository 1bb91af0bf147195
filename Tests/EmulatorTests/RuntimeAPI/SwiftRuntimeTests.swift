import Foundation
import LambdaEmulator
import StackTemplate
import Testing

/// The project's own Swift runtime (the `TestFunction` fixture, one handler per behaviour) under the emulator.
@Suite struct SwiftRuntimeTests {
    func function(_ handler: String, timeout: Int = 10) -> LocalFunction {
        LocalFunction(
            definition: FunctionDefinition(logicalID: handler, name: handler, handler: handler, timeout: timeout),
            codePath: productsDirectory + "/TestFunction")
    }

    @Test func behavioursAsLambdaReportsThem() async throws {
        let logs = LogCollector()
        let lambda = LocalLambda(
            functions: ["echo", "fail", "crash", "big", "context", "initFail"].map { function($0) }
                + [function("sleep", timeout: 1)],
            configuration: configuration(logs))
        let clientContext = #"{"custom":{"a":"b"}}"#
        let contextRequest = InvocationRequest(payload: Array("{}".utf8), clientContext: clientContext)
        async let echo = lambda.invoke("echo", request: .json(#"{"hello":"world"}"#))
        async let fail = lambda.invoke("fail", request: .json(#"{"message":"nope"}"#))
        async let crash = lambda.invoke("crash", request: .json(#"{"status":7}"#))
        async let big = lambda.invoke("big", request: .json(#"{"bytes":6300000}"#))
        async let context = lambda.invoke("context", request: contextRequest)
        async let initFail = lambda.invoke("initFail", request: .json("{}"))
        async let sleep = lambda.invoke("sleep", request: .json(#"{"ms":5000}"#))
        let results = try await (echo, fail, crash, big, context, initFail, sleep)
        await lambda.shutdown()

        #expect(results.0.text == #"{"hello":"world"}"#)
        #expect(results.1.functionError == "Unhandled")
        #expect((results.1.json["errorMessage"] as? String)?.contains("nope") == true)
        #expect(results.2.json["errorMessage"] as? String
            == "RequestId: \(results.2.requestID) Error: Runtime exited with error: exit status 7")
        #expect(results.3.json["errorType"] as? String == "Function.ResponseSizeTooLarge")
        #expect(results.4.json["requestID"] as? String == results.4.requestID)
        #expect(results.4.json["clientContext"] as? String == clientContext)
        #expect((results.4.json["traceEnvironment"] as? String)?.hasPrefix("Root=1-") == true)
        #expect(results.4.logLines.contains { $0.contains("info line") })
        #expect(results.5.functionError == "Unhandled")
        #expect((results.5.json["errorMessage"] as? String)?.contains("cannot read the configuration") == true)
        #expect(results.5.logLines.contains { $0.hasPrefix("INIT_REPORT") && $0.contains("Status: error") })
        #expect(results.6.json["errorType"] as? String == "Sandbox.Timedout")
    }
}
