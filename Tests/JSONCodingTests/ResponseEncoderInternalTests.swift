@testable import JSONCoding
import Foundation
import Testing
import TestSupport

/// Random values: both encoders give the same JSON value, and the streaming path (not the fallback) wrote it.
@Suite struct ResponseEncoderInternalTests {
    typealias AnyJSON = EventDecoderTests.AnyJSON

    struct Generator {
        var random: SplitMix64
        mutating func int(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }

        mutating func value(depth: Int = 0) -> AnyJSON {
            switch int(depth > 3 ? 5 : 7) {
            case 0: return .null
            case 1: return .bool(int(2) == 0)
            case 2: return .int(Int(bitPattern: UInt(random.next())) >> int(64))
            case 3: return .double(Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF) * (int(2) == 0 ? 1 : -1))
            case 4: return .string(string())
            case 5: return .array((0..<int(5)).map { _ in value(depth: depth + 1) })
            default:
                var members: [String: AnyJSON] = [:]
                for _ in 0..<int(5) { members[string()] = value(depth: depth + 1) }
                return .object(members)
            }
        }

        mutating func string() -> String {
            let pieces = ["a", "key", "é", "中", "😀", "\n", "\"", "\\", "/", "\u{1}", "\u{7f}", " ", "\t"]
            return (0..<int(5)).map { _ in pieces[int(pieces.count)] }.joined()
        }
    }

    @Test func randomValuesStreamToTheSameJSON() throws {
        var generator = Generator(random: SplitMix64(seed: 3))
        for _ in 0..<2_000 {
            let value = generator.value()
            let streamed = try ResponseEncoder().encodeStreaming(value)
            let reference = try ResponseEncoderTests.reference(value)
            #expect(try JSONDecoder().decode(AnyJSON.self, from: streamed) == JSONDecoder().decode(AnyJSON.self, from: reference))
        }
    }

    @Test func keysComeInEncodingOrder() throws {
        struct Ordered: Encodable { var zebra = 1; var apple = "a"; var mango: [Int] = [] ; var kiwi: Int? = nil }
        #expect(String(decoding: try ResponseEncoder().encodeStreaming(Ordered()), as: UTF8.self) == #"{"zebra":1,"apple":"a","mango":[]}"#)
    }

    @Test func outOfOrderWritesAreRefusedNotGuessed() {
        struct Late: Encodable {
            enum Keys: CodingKey { case a, b }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                var nested = container.nestedUnkeyedContainer(forKey: .a)
                try container.encode(1, forKey: .b)
                try nested.encode(2)
            }
        }
        #expect(throws: JSONOutput.Unsupported.self) { try ResponseEncoder().encodeStreaming(Late()) }
        #expect(throws: JSONOutput.Unsupported.self) { try ResponseEncoder().encodeStreaming(Double.nan) }
    }
}

extension EventDecoderTests.AnyJSON: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
