import Foundation
import Testing
@testable import JSONCoding

@Suite struct StringKeyedMemoInternalTests {
    struct Event: Codable, Equatable { var name: String }
    struct Other: Codable, Equatable { var count: Int }

    /// The memo remembers a miss, but never turns a dictionary into a miss, whatever came before it.
    @Test func answersLikeTheCastWhateverTheOrder() {
        for _ in 0..<3 {
            #expect(StringKeyedMemo.decodable(Event.self) == nil)
            #expect(StringKeyedMemo.decodable(Event.self) == nil)
            #expect(StringKeyedMemo.decodable([String: Int].self) != nil)
            #expect(StringKeyedMemo.decodable(Other.self) == nil)
            #expect(StringKeyedMemo.decodable([String: Event].self) != nil)
            #expect(StringKeyedMemo.decodable([Int: Int].self) == nil)
            #expect(StringKeyedMemo.decodable([String: Int].self) != nil)

            #expect(StringKeyedMemo.encodable(Event(name: "a")) == nil)
            #expect(StringKeyedMemo.encodable(Event(name: "a")) == nil)
            #expect(StringKeyedMemo.encodable(["a": 1]) != nil)
            #expect(StringKeyedMemo.encodable([1: 1]) == nil)
            #expect(StringKeyedMemo.encodable(["a": Event(name: "b")]) != nil)
        }
    }

    /// Alternating types through the public coders gives what Foundation gives.
    @Test func alternatingTypesDecodeAndEncodeAsFoundationDoes() throws {
        let decoder = EventDecoder(), encoder = ResponseEncoder()
        for _ in 0..<3 {
            #expect(try decoder.decode(Event.self, from: Data(#"{"name":"x"}"#.utf8)) == Event(name: "x"))
            #expect(try decoder.decode([String: Int].self, from: Data(#"{"a":1,"b":2}"#.utf8)) == ["a": 1, "b": 2])
            #expect(try decoder.decode(Other.self, from: Data(#"{"count":3}"#.utf8)) == Other(count: 3))
            #expect(String(decoding: try encoder.encode(["k": Event(name: "v")]), as: UTF8.self) == #"{"k":{"name":"v"}}"#)
            #expect(String(decoding: try encoder.encode(Event(name: "w")), as: UTF8.self) == #"{"name":"w"}"#)
        }
    }
}
