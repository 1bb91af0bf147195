import Foundation
import StackTemplate
import Testing

@testable import LambdaEmulator

/// Instances with a real process: the init timeout.
@Suite struct InstancesInternalTests {
    @Test func initTimeoutStopsTheInstance() async throws {
        let logs = LogCollector()
        var configuration = configuration(logs)
        configuration.initTimeout = .milliseconds(500)
        let function = LocalFunction(
            definition: FunctionDefinition(logicalID: "sleepy", name: "sleepy"), codePath: Fixtures.path("slow-init"))
        let lambda = LocalLambda(functions: [function], configuration: configuration)
        let result = try await lambda.invoke("sleepy", request: .json("{}"))
        await lambda.shutdown()
        #expect(result.errorType == "Sandbox.Timedout")
        #expect(result.json["errorMessage"] as? String == "RequestId: \(result.requestID) Error: Task timed out after 0.50 seconds")
        #expect(result.logLines.contains("init: this takes a while"))
        #expect(result.logLines.contains { $0.hasPrefix("INIT_REPORT Init Duration: ") && $0.hasSuffix("\tPhase: init\tStatus: timeout\tError Type: Sandbox.Timedout") })
    }
}
