import Foundation
import LambdaEmulator
import StackTemplate
import Testing

/// The Swift runtime's streaming handler tier under the emulator (a real Runtime API peer, not the mock): the
/// `TestFunction` fixture's `stream` handler.
@Suite struct SwiftStreamingRuntimeTests {
    @Test func streamsTrailersAndPreludesReachTheCaller() async throws {
        let logs = LogCollector()
        let function = LocalFunction(
            definition: FunctionDefinition(logicalID: "stream", name: "stream", handler: "stream", timeout: 10),
            codePath: productsDirectory + "/TestFunction")
        let lambda = LocalLambda(functions: [function], configuration: configuration(logs))
        let plain = try await lambda.invoke("stream", request: .json(#"{"lines":3,"pauseMs":50}"#))
        let midStream = try await lambda.invoke("stream", request: .json(#"{"lines":2,"fail":true}"#))
        let early = try await lambda.invoke("stream", request: .json(#"{"failFirst":true}"#))
        let http = try await lambda.invoke("stream", request: .json(#"{"lines":1,"status":202}"#))
        await lambda.shutdown()

        #expect(plain.text == "line 1\nline 2\nline 3\n")
        #expect(plain.contentType == "application/octet-stream")
        #expect(plain.functionError == nil)
        #expect(midStream.functionError == "Unhandled")
        #expect(midStream.json["errorType"] as? String == "Failure")
        #expect(midStream.json["errorMessage"] as? String == "failed after 14 bytes")
        #expect(early.functionError == "Unhandled")
        #expect(early.json["errorMessage"] as? String == "failed before the first byte")
        let integration = try #require(http.httpIntegrationResponse)
        let prelude = try JSONSerialization.jsonObject(with: Data(integration.prelude)) as? [String: Any]
        #expect(prelude?["statusCode"] as? Int == 202)
        #expect(prelude?["headers"] as? [String: String] == ["X-Test": "yes"])
        #expect(prelude?["cookies"] as? [String] == ["a=1"])
        #expect(String(decoding: integration.body, as: UTF8.self) == "line 1\n")
    }
}
