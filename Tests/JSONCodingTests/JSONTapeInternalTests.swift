@testable import JSONCoding
import Foundation
import Testing
import TestSupport

/// The tape takes what the fast path can answer exactly and nothing else; and typical events do take it.
@Suite struct JSONTapeInternalTests {
    func tape(_ json: String) -> JSONTape? { JSONTape(Array(json.utf8)) }

    @Test func takesEventsAsLambdaSendsThem() throws {
        let events = try FileManager.default.contentsOfDirectory(atPath: Repository.root.appendingPathComponent("events").path)
            .filter { $0.hasSuffix(".json") }
        #expect(events.count >= 4)
        for name in events {
            let data = try Repository.event(name)
            #expect(JSONTape(Array(data)) != nil, "\(name)")
            let decoded = try EventDecoder().decodeFromTape(EventDecoderTests.AnyJSON.self, from: data)
            #expect(decoded == (try JSONDecoder().decode(EventDecoderTests.AnyJSON.self, from: data)), "\(name)")
        }
    }

    @Test func layoutLinksEachValueToTheNext() throws {
        let parsed = try #require(tape(#"{"a":[1,{"b":null}],"c":"\n"}"#))
        #expect(parsed.entries.map(\.kind) == [.object, .string, .array, .number, .object, .string, .null, .string, .string])
        #expect(parsed[0].next == 9 && parsed[0].count == 2)
        #expect(parsed[2].next == 7 && parsed[2].count == 2)
        #expect(parsed[8].escaped && parsed.string(parsed[8]) == "\n")
        #expect(parsed.string(parsed[1]) == "a")
    }

    @Test func refusesWhatIsNotJSON() {
        for json in ["", "{", "[1,]", "{\"a\":1,}", "01", "-01", "1.", "1.e5", ".5", "+1", "1e", "0x1", "\"\u{1f}\"",
                     "\"\\a\"", "\"\\u00g0\"", "tru", "True", "[1 2]", "{\"a\"}", "{1:2}", "\"a", "1 2", "NaN"] {
            #expect(tape(json) == nil, "\(json)")
        }
    }

    @Test func leavesToJSONDecoderWhatOnlyItAnswersExactly() {
        // Lone surrogates, invalid UTF-8, too deep, numbers whose integer value needs Decimal arithmetic.
        #expect(tape(#""\ud800""#) == nil)
        #expect(tape(#""\udc00\ud800""#) == nil)
        #expect(JSONTape([0x22, 0xC3, 0x28, 0x22]) == nil)
        #expect(JSONTape([0x22, 0xE0, 0x80, 0xAF, 0x22]) == nil)
        #expect(JSONTape([0x22, 0xF5, 0x80, 0x80, 0x80, 0x22]) == nil)
        #expect(tape(String(repeating: "[", count: 129) + String(repeating: "]", count: 129)) == nil)
        #expect(tape(String(repeating: "[", count: 128) + String(repeating: "]", count: 128)) != nil)
        #expect(tape("1.0000000000000001") == nil)
        #expect(tape("1e1000") == nil)
        #expect(tape("123456789012345678901234567890") != nil)
        #expect(tape("1.23456789012345e300") != nil)
    }

    @Test func integralNumbersPastTwoToTheFiftyThreeAreExact() throws {
        let parsed = try #require(tape("[9.00719925474099e15, 1.23e18, -9.22337203685477e18, 1.8446744073709e19]"))
        #expect(try parsed.integer(parsed[1], as: Int64.self) == 9_007_199_254_740_990)
        #expect(try parsed.integer(parsed[2], as: Int64.self) == 1_230_000_000_000_000_000)
        #expect(try parsed.integer(parsed[3], as: Int64.self) == -9_223_372_036_854_770_000)
        #expect(try parsed.integer(parsed[4], as: UInt64.self) == 18_446_744_073_709_000_000)
        #expect(throws: JSONTape.NumberProblem.self) { try parsed.integer(parsed[4], as: Int64.self) }
    }
}
