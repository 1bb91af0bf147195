import JSONCoding
import Foundation
import Testing

/// `EventDecoder` must answer every document exactly as `JSONDecoder` does: the same value, or an error with
/// the same description. Each case runs both and compares.
@Suite struct EventDecoderTests {
    struct Person: Codable, Equatable {
        var name: String
        var age: Int
        var email: String?
        var tags: [String]
        var scores: [String: Double]
        var active: Bool
    }

    struct Numbers: Codable, Equatable {
        var i8: Int8?, i16: Int16?, i32: Int32?, i64: Int64?, int: Int?
        var u8: UInt8?, u16: UInt16?, u32: UInt32?, u64: UInt64?, uint: UInt?
        var float: Float?, double: Double?
    }

    struct Specials: Codable, Equatable {
        var date: Date?
        var data: Data?
        var url: URL?
        var decimal: Decimal?
    }

    enum Color: String, Codable, Equatable { case red, green }

    enum Shape: Codable, Equatable {
        case circle(radius: Double)
        case square(side: Int, color: Color)
        case empty
    }

    struct Nested: Codable, Equatable {
        struct Inner: Codable, Equatable { var values: [Int?]; var shape: Shape? }
        var inner: Inner
        var list: [Inner]
        var matrix: [[Int]]
        var byID: [Int: String]
    }

    /// Uses every container call by hand, including the ones synthesized code never makes.
    struct HandWritten: Decodable, Equatable {
        var first: Int
        var rest: [String]
        var nilCount: Int
        var parent: String?
        var keys: [String]

        enum Keys: String, CodingKey { case first, rest, nested, `super` }
        enum NestedKeys: String, CodingKey { case deep }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            keys = container.allKeys.map(\.stringValue).sorted()
            first = try container.decode(Int.self, forKey: .first)
            var unkeyed = try container.nestedUnkeyedContainer(forKey: .rest)
            rest = []
            nilCount = 0
            while !unkeyed.isAtEnd {
                if try unkeyed.decodeNil() { nilCount += 1; continue }
                if let text = try? unkeyed.decode(String.self) { rest.append(text); continue }
                let nested = try unkeyed.nestedContainer(keyedBy: NestedKeys.self)
                rest.append("deep=\(try nested.decode(Int.self, forKey: .deep))")
            }
            parent = try container.superDecoder().singleValueContainer().decode(String?.self)
        }
    }

    /// Decodes any JSON by trying one type after another, as loosely typed handlers do; relies on which decode
    /// calls throw, so it checks error semantics as much as values.
    indirect enum AnyJSON: Decodable, Equatable {
        case null, bool(Bool), int(Int), double(Double), string(String), array([AnyJSON]), object([String: AnyJSON])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let value = try? container.decode(Bool.self) { self = .bool(value) }
            else if let value = try? container.decode(Int.self) { self = .int(value) }
            else if let value = try? container.decode(Double.self) { self = .double(value) }
            else if let value = try? container.decode(String.self) { self = .string(value) }
            else if let value = try? container.decode([AnyJSON].self) { self = .array(value) }
            else { self = .object(try container.decode([String: AnyJSON].self)) }
        }
    }

    /// Decodes `json` as `T` with both decoders and expects the same outcome.
    func expectSame<T: Decodable & Equatable>(_ type: T.Type, _ json: String, sourceLocation: SourceLocation = #_sourceLocation) {
        expectSame(type, Data(json.utf8), sourceLocation: sourceLocation)
    }

    func expectSame<T: Decodable & Equatable>(_ type: T.Type, _ data: Data, sourceLocation: SourceLocation = #_sourceLocation) {
        let reference = Result { try JSONDecoder().decode(type, from: data) }
        let ours = Result { try EventDecoder().decode(type, from: data) }
        switch (reference, ours) {
        case (.success(let expected), .success(let actual)):
            #expect(actual == expected, "\(String(decoding: data, as: UTF8.self))", sourceLocation: sourceLocation)
        case (.failure(let expected), .failure(let actual)):
            #expect("\(actual)" == "\(expected)", sourceLocation: sourceLocation)
        default:
            Issue.record("JSONDecoder: \(reference), EventDecoder: \(ours) for \(String(decoding: data, as: UTF8.self))",
                         sourceLocation: sourceLocation)
        }
    }

    @Test func structsWithOptionalsArraysAndDictionaries() {
        expectSame(Person.self, #"{"name":"Ana","age":41,"email":null,"tags":["a","b"],"scores":{"x":1.5,"y":-2},"active":true}"#)
        expectSame(Person.self, #"{"active":false,"scores":{},"tags":[],"age":0,"name":"","email":"a@b.c"}"#)
        expectSame(Person.self, " \n\t{ \"name\" : \"A\" , \"age\" : 1 , \"tags\" : [ ] , \"scores\" : { } , \"active\" : true } \r\n")
    }

    @Test func missingKeysAndWrongTypesGiveJSONDecodersErrors() {
        expectSame(Person.self, #"{"name":"Ana","tags":[],"scores":{},"active":true}"#)
        expectSame(Person.self, #"{"name":5,"age":1,"tags":[],"scores":{},"active":true}"#)
        expectSame(Person.self, #"{"name":null,"age":1,"tags":[],"scores":{},"active":true}"#)
        expectSame(Person.self, #"{"name":"A","age":"1","tags":[],"scores":{},"active":true}"#)
        expectSame(Person.self, #"{"name":"A","age":1,"tags":[1],"scores":{},"active":true}"#)
        expectSame(Person.self, #"{"name":"A","age":1,"tags":[],"scores":{"x":"1"},"active":true}"#)
        expectSame(Person.self, #"{"name":"A","age":1,"tags":[],"scores":{},"active":1}"#)
        expectSame(Person.self, #"["name"]"#)
        expectSame(Person.self, #""Ana""#)
        expectSame(Person.self, "null")
    }

    @Test func invalidDocumentsGiveJSONDecodersErrors() {
        for json in ["", " ", "{", "}", "{\"a\":1,}", "[1,]", "[1 2]", "{\"a\" 1}", "{'a':1}", "01", "1.", ".5", "-",
                     "1e", "1e+", "+1", "tru", "nul", "nulls", "\"abc", "\"\\x\"", "\"\u{01}\"", "{\"a\":1}}",
                     "[1]]", "\"\\u12\"", "NaN", "Infinity", "/* c */ 1", "{\"a\":1}\n{\"b\":2}"] {
            expectSame(AnyJSON.self, json)
        }
    }

    @Test func integersAtEveryWidthAndTheirEdges() {
        let values = ["0", "-0", "1", "-1", "127", "128", "-128", "-129", "255", "256", "32767", "32768", "65535",
                      "65536", "2147483647", "2147483648", "-2147483649", "4294967295", "4294967296",
                      "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
                      "18446744073709551615", "18446744073709551616", "123456789012345678901234567890",
                      "1.0", "1.5", "-1.0", "1e2", "1E2", "1e+2", "1e-2", "100e-2", "1.25e2", "12.5e1", "0.0",
                      "-0.0", "1e18", "1e19", "1e20", "9.22337203685477e18", "9.007199254740993e15",
                      "4.5e15", "1e308", "1e309", "1e-400", "0e10", "-0e-10", "123456789012345.6"]
        for value in values {
            for field in ["i8", "i16", "i32", "i64", "int", "u8", "u16", "u32", "u64", "uint", "float", "double"] {
                expectSame(Numbers.self, "{\"\(field)\":\(value)}")
            }
        }
    }

    @Test func floatingPointNumbersRoundAsJSONDecoderRoundsThem() {
        for value in ["0.1", "0.30000000000000004", "3.141592653589793", "2.2250738585072014e-308", "5e-324",
                      "1.7976931348623157e308", "1e-45", "3.4028235e38", "3.4028236e38", "1.17549435e-38",
                      "-2.5e-3", "6.02214076e23", "1e-7", "9007199254740993", "0.000001"] {
            expectSame(Numbers.self, "{\"float\":\(value),\"double\":\(value)}")
        }
    }

    @Test func stringsWithEscapesAndUnicode() {
        for literal in [#""plain""#, #""tab\tnew\nline\r\b\f""#, #""quote \" back \\ slash \/""#,
                        #""\u00e9\u4e2d\u0000""#, #""\ud83d\ude00 pair""#, "\"é 中 😀\"", #""\ud83d alone""#,
                        #""\ude00 low""#, #""\uD83D\uDE00 upper""#, "\"\u{7f}\"", "\"\u{2028}\""] {
            expectSame(String.self, literal)
            expectSame([String: String].self, "{\(literal):\(literal)}")
        }
        // Invalid UTF-8 bytes: JSONDecoder's own answer, whatever it is.
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22],
                               [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0xEF, 0xBB, 0xBF, 0x31]] {
            expectSame(String.self, Data(bytes))
            expectSame(AnyJSON.self, Data(bytes))
        }
    }

    @Test func duplicateAndEquivalentKeysResolveAsInJSONDecoder() {
        expectSame([String: Int].self, #"{"a":1,"a":2}"#)
        expectSame(Numbers.self, #"{"int":1,"int":2}"#)
        expectSame(Numbers.self, #"{"int":"x","int":2}"#)
        expectSame([String: Int].self, "{\"\u{E9}\":1,\"e\u{301}\":2}")
        expectSame(Numbers.self, #"{"\u0069nt":7}"#)
    }

    @Test func enumsNestedContainersAndKeyedIntegers() {
        expectSame(Nested.self, #"""
            {"inner":{"values":[1,null,3],"shape":{"circle":{"radius":2.5}}},
             "list":[{"values":[],"shape":{"square":{"side":3,"color":"green"}}},{"values":[null]},{"values":[1],"shape":{"empty":{}}}],
             "matrix":[[1,2],[],[3]],"byID":{"1":"one","22":"two"}}
            """#)
        expectSame(Nested.self, #"{"inner":{"values":[]},"list":[],"matrix":[[1,"2"]],"byID":{}}"#)
        expectSame(Nested.self, #"{"inner":{"values":[]},"list":[],"matrix":[],"byID":{"x":"1"}}"#)
        expectSame(Nested.self, #"{"inner":{"values":[],"shape":{"square":{"side":3,"color":"blue"}}},"list":[],"matrix":[],"byID":{}}"#)
        expectSame(Nested.self, #"{"inner":{"values":[],"shape":{"circle":{},"empty":{}}},"list":[],"matrix":[],"byID":{}}"#)
        expectSame(Color.self, #""red""#)
        expectSame(Color.self, #""blue""#)
    }

    @Test func handWrittenContainerCalls() {
        expectSame(HandWritten.self, #"{"first":1,"rest":["a",null,{"deep":2},"b",null],"super":"base","extra":0}"#)
        expectSame(HandWritten.self, #"{"first":1,"rest":[]}"#)
        expectSame(HandWritten.self, #"{"first":1,"rest":[{"deep":"x"}]}"#)
        expectSame(HandWritten.self, #"{"first":1,"rest":[5]}"#)
        expectSame(HandWritten.self, #"{"first":1,"rest":{},"super":1}"#)
    }

    @Test func typesJSONDecoderSpecialCases() {
        expectSame(Specials.self, #"{"date":0,"data":"aGVsbG8=","url":"https://example.com/a?b=c","decimal":12.5}"#)
        expectSame(Specials.self, #"{"date":-1.5e9,"data":"","url":"relative/path","decimal":-0.001}"#)
        expectSame(Specials.self, #"{"data":"not base64!"}"#)
        expectSame(Specials.self, #"{"data":[104,105]}"#)
        expectSame(Specials.self, #"{"url":""}"#)
        expectSame(Specials.self, #"{"url":5}"#)
        expectSame(Specials.self, #"{"date":"2024-01-01"}"#)
        expectSame(Specials.self, #"{"decimal":"1"}"#)
        expectSame(Specials.self, #"{"decimal":1e5}"#)
        expectSame(Data.self, #""AAEC""#)
        expectSame(URL.self, #""s3://bucket/key""#)
    }

    @Test func deepNestingIsLeftToJSONDecoder() {
        for depth in [100, 127, 128, 129, 300, 513, 600] {
            expectSame(AnyJSON.self, String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        }
    }

    @Test func userInfoReachesTheTypes() throws {
        struct ReadsUserInfo: Decodable, Equatable {
            var prefix: String
            init(from decoder: any Decoder) throws {
                prefix = (decoder.userInfo[CodingUserInfoKey(rawValue: "prefix")!] as? String ?? "none")
                    + (try decoder.singleValueContainer().decode(String.self))
            }
        }
        var decoder = EventDecoder()
        decoder.userInfo[CodingUserInfoKey(rawValue: "prefix")!] = "p-"
        #expect(try decoder.decode(ReadsUserInfo.self, from: Data(#""x""#.utf8)).prefix == "p-x")
        #expect(throws: DecodingError.self) { try decoder.decode(ReadsUserInfo.self, from: Data(#"["x"]"#.utf8)) }
    }
}
