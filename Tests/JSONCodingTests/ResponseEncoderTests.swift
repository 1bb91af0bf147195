import Foundation
import JSONCoding
import Testing

/// `ResponseEncoder` must write what `JSONEncoder` (`.withoutEscapingSlashes`) writes: the same bytes for
/// scalars, strings and arrays, the same JSON value for objects (whose key order `JSONEncoder` leaves to
/// hashing), and the same error where `JSONEncoder` refuses a value.
@Suite struct ResponseEncoderTests {
    static func reference<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return try encoder.encode(value)
    }

    /// Compares bytes when `exactBytes`, else the parsed JSON values.
    func expectSame<T: Encodable>(_ value: T, exactBytes: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = Result { try Self.reference(value) }
        let actual = Result { try ResponseEncoder().encode(value) }
        switch (expected, actual) {
        case (.success(let expected), .success(let actual)):
            if exactBytes {
                #expect(String(decoding: actual, as: UTF8.self) == String(decoding: expected, as: UTF8.self),
                        sourceLocation: sourceLocation)
            } else {
                let parse = { (data: Data) in try? JSONDecoder().decode(EventDecoderTests.AnyJSON.self, from: data) }
                #expect(parse(actual) != nil && parse(actual) == parse(expected),
                        "\(String(decoding: actual, as: UTF8.self)) vs \(String(decoding: expected, as: UTF8.self))",
                        sourceLocation: sourceLocation)
            }
        case (.failure(let expected), .failure(let actual)):
            #expect("\(actual)" == "\(expected)", sourceLocation: sourceLocation)
        default:
            Issue.record("JSONEncoder: \(expected), ResponseEncoder: \(actual)", sourceLocation: sourceLocation)
        }
    }

    struct Order: Codable { var id: Int; var items: [Item]; var note: String?; var paid: Bool; var total: Double }
    struct Item: Codable { var sku: String; var quantity: UInt8; var tags: [String: Int] }
    enum Answer: Codable { case text(String), pair(Int, Int), nothing }
    struct Specials: Encodable { var date = Date(timeIntervalSince1970: 1_700_000_000.25); var data = Data([0, 1, 254, 255])
        var url = URL(string: "https://example.com/a/b?c=d&e=%20")!; var optionalURL: URL? = nil }

    @Test func stringsAreEscapedByteForByte() {
        var all = ""
        for scalar in 0..<0x80 { all.unicodeScalars.append(Unicode.Scalar(UInt8(scalar))) }
        for text in [all, "", "plain", "é 中 😀 \u{2028}\u{2029}\u{FEFF}", "a/b\\c\"d", "\u{0}\u{1F}\u{7F}", "line\r\nnext\ttab"] {
            expectSame(text, exactBytes: true)
            expectSame([text, text], exactBytes: true)
        }
    }

    @Test func numbersArePrintedByteForByte() {
        for value in [0.0, -0.0, 1.0, -1.5, 0.1, 1e-5, 1e-7, 1e15, 1e16, 1e21, 123456789.0, 0.30000000000000004,
                      5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, Double.pi, -123.456e-78] {
            expectSame(value, exactBytes: true)
            expectSame(Float(value), exactBytes: true)
        }
        expectSame([Int.min, Int.max, 0, -1], exactBytes: true)
        expectSame([UInt64.max, 0], exactBytes: true)
        expectSame([Int8.min, Int8.max], exactBytes: true)
        expectSame([true, false], exactBytes: true)
        expectSame([nil, 1, nil] as [Int?], exactBytes: true)
        expectSame(Optional<String>.none, exactBytes: true)
    }

    @Test func nonFiniteNumbersGiveJSONEncodersError() {
        expectSame(Double.nan)
        expectSame([1, Double.infinity])
        expectSame(Order(id: 1, items: [], note: nil, paid: true, total: -.infinity))
        expectSame(Float.nan)
    }

    @Test func structsEnumsDictionariesAndSpecialTypes() {
        let order = Order(id: 7, items: [Item(sku: "a/1", quantity: 255, tags: ["x": 1, "y": -2]),
                                         Item(sku: "b", quantity: 0, tags: [:])], note: nil, paid: false, total: 12.5)
        expectSame(order)
        expectSame([order, order])
        expectSame(Answer.text("hi"))
        expectSame([Answer.pair(1, 2), .nothing])
        expectSame(["k": ["nested": [1, 2]], "e": [:]])
        expectSame([3: "three", -1: "minus"])
        expectSame(Specials())
        expectSame(Specials(), exactBytes: false)
        expectSame(Decimal(string: "12.340")!)
        expectSame(["price": Decimal(string: "-0.5")!])
    }

    /// Types that do not write in order: the result must still be JSONEncoder's.
    @Test func typesThatDoNotWriteInOrderStillEncodeAsJSONEncoderDoes() {
        struct RepeatsKey: Encodable {
            enum Keys: CodingKey { case a, b }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                try container.encode(1, forKey: .a)
                try container.encode(2, forKey: .b)
                try container.encode(3, forKey: .a)
            }
        }
        struct WritesNestedLate: Encodable {
            enum Keys: CodingKey { case outer, inner, after }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                var nested = container.nestedContainer(keyedBy: Keys.self, forKey: .outer)
                var list = container.nestedUnkeyedContainer(forKey: .inner)
                try container.encode("x", forKey: .after)
                try nested.encode(1, forKey: .inner)
                try list.encode(2)
            }
        }
        struct UsesSuper: Encodable {
            enum Keys: CodingKey { case own }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                try container.encode(1, forKey: .own)
                try "base".encode(to: container.superEncoder())
            }
        }
        struct AsksTwice: Encodable {
            enum Keys: CodingKey { case a, b }
            func encode(to encoder: any Encoder) throws {
                var first = encoder.container(keyedBy: Keys.self)
                try first.encode(1, forKey: .a)
                var second = encoder.container(keyedBy: Keys.self)
                try second.encode(2, forKey: .b)
            }
        }
        struct WritesNothing: Encodable { func encode(to encoder: any Encoder) throws {} }
        struct WritesTwice: Encodable {
            func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                try container.encode(1)
                try container.encode(2)
            }
        }
        expectSame(RepeatsKey())
        expectSame(WritesNestedLate())
        expectSame(UsesSuper())
        expectSame(AsksTwice())
        expectSame(WritesNothing())
        expectSame([WritesNothing()])
        expectSame(["k": WritesNothing()])
        expectSame([RepeatsKey(), RepeatsKey()])
    }
}
