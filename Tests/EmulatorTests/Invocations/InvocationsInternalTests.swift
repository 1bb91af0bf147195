import Testing

@testable import LambdaEmulator

/// Invocation payload rules: error bodies, the Function URL prelude.
@Suite struct InvocationsInternalTests {
    @Test func functionURLPreludeIsSplitAtEightNULs() throws {
        let bytes = Array(#"{"statusCode":201}"#.utf8) + [UInt8](repeating: 0, count: 8) + Array("body".utf8)
        let split = try #require(StreamPrelude.split(bytes))
        #expect(String(decoding: split.prelude, as: UTF8.self) == #"{"statusCode":201}"#)
        #expect(String(decoding: split.body, as: UTF8.self) == "body")
        #expect(StreamPrelude.split(Array("no separator".utf8)) == nil)
    }

    @Test func errorPayloadFallsBackToTheHeader() {
        let (json, type) = ErrorPayload.make(body: Array(#"{"errorType":"E","errorMessage":"m"}"#.utf8), header: "Unhandled")
        #expect(type == "E")
        #expect(String(decoding: json, as: UTF8.self) == #"{"errorType":"E","errorMessage":"m"}"#)
        let (built, headerType) = ErrorPayload.make(body: Array("plain text".utf8), header: "Runtime.Custom")
        #expect(headerType == "Runtime.Custom")
        #expect(String(decoding: built, as: UTF8.self) == #"{"errorMessage":"plain text","errorType":"Runtime.Custom"}"#)
    }
}
