import Foundation
import LambdaEmulator
import StackTemplate
import Testing

/// `Lambda-Runtime-Invocation-Id`: sent on `GET next`, echoed by the runtime; a post that names an invocation that
/// is over is answered 410 and changes nothing.
@Suite struct InvocationIDTests {
    @Test func staleEchoedPostsAreGoneAndTheRunningInvocationIsUntouched() async throws {
        let function = LocalFunction(
            definition: FunctionDefinition(logicalID: "ids", name: "ids", timeout: 20),
            codePath: Fixtures.path("invocation-id-probe"))
        let lambda = LocalLambda(functions: [function], configuration: configuration(LogCollector()))
        let first = try await lambda.invoke("ids", request: .json("{}"))
        let second = try await lambda.invoke("ids", request: .json("{}"))
        await lambda.shutdown()
        #expect(first.text == #"{"n":1}"#)
        #expect(second.functionError == nil, "\(second.text)")
        let seen = second.json
        let firstID = try #require(seen["firstInvocationId"] as? String)
        let secondID = try #require(seen["secondInvocationId"] as? String)
        #expect(UUID(uuidString: firstID) != nil && UUID(uuidString: secondID) != nil)
        #expect(firstID != secondID)
        #expect(firstID != first.requestID)
        #expect(seen["answer"] as? Int == 202)
        let stale = try #require(seen["staleAgain"] as? [Any])
        #expect(stale.first as? Int == 410)
        #expect((stale.last as? String)?.contains(#""errorType":"InvocationGone""#) == true)
        #expect(seen["againWithoutId"] as? Int == 403)  // no id echoed: today's answer
        #expect(seen["oldIdOnNewRequest"] as? Int == 410)
        #expect(seen["madeUpIdOnError"] as? Int == 410)
        #expect(lambda.instancesStarted("ids") == 1)
    }
}
