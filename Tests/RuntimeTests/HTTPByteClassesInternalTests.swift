import Testing
import TestSupport
@testable import LambdaRuntime

@Suite struct HTTPByteClassesInternalTests {
    /// RFC 9110 §5.6.2, written out as the RFC lists it.
    static let tchar = Set(Array("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8))

    @Test func tokenBytesAreExactlyRFC9110Tchar() {
        for byte in UInt8.min...UInt8.max {
            #expect(HTTPByteClasses.isTokenByte(byte) == Self.tchar.contains(byte), "byte \(byte)")
        }
    }

    /// The word-at-a-time check agrees with the byte-at-a-time definition for every byte value at every position
    /// of values up to three words long, on ASCII and on obs-text (≥ 0x80) surroundings.
    @Test(arguments: [UInt8(ascii: "a"), 0xC3, 0xFF, 0x80])
    func fieldValueCheckAgreesWithTheByteDefinition(filler: UInt8) {
        var disagreements: [String] = []
        for length in 1...25 {
            for position in 0..<length {
                for byte in UInt8.min...UInt8.max {
                    var value = [UInt8](repeating: filler, count: length)
                    value[position] = byte
                    let expected = value.allSatisfy { $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }
                    if value.withUnsafeBytes(HTTPByteClasses.isFieldValue) != expected {
                        disagreements.append("length \(length) position \(position) byte \(byte)")
                    }
                }
            }
        }
        #expect(disagreements.first == nil, "\(disagreements.count) disagreements, first \(disagreements.prefix(5))")
        #expect([UInt8]().withUnsafeBytes(HTTPByteClasses.isFieldValue))
    }

    /// Case-insensitive matching by words: every case mix matches, a change of any single byte anywhere
    /// (including the overlapping last word) does not, and neither does another length.
    @Test(arguments: ["trace-id", "aws-request-id", "lambda-runtime-", "deadline-ms", "invoked-function-arn", "chunked",
                      "connection", "content-length"])
    func caseInsensitiveMatchingByWords(literal: String) {
        let bytes = Array(literal.utf8)
        var random = SplitMix64(seed: UInt64(literal.utf8.count))
        for _ in 0..<50 {
            let mixed = bytes.map { byte -> UInt8 in
                (byte >= 0x61 && byte <= 0x7A && Bool.random(using: &random)) ? byte - 0x20 : byte
            }
            #expect(mixed.withUnsafeBytes { matches($0, literal) }, "\(String(decoding: mixed, as: UTF8.self))")
        }
        for position in bytes.indices {
            for replacement in [UInt8(ascii: "x"), 0x00, 0x7F, 0xE1, UInt8(ascii: "_")] where replacement != bytes[position] {
                var changed = bytes
                changed[position] = replacement
                #expect(!changed.withUnsafeBytes { matches($0, literal) }, "\(literal) with byte \(replacement) at \(position)")
            }
        }
        #expect(!Array(bytes.dropLast()).withUnsafeBytes { matches($0, literal) })
        #expect(!(bytes + [UInt8(ascii: "s")]).withUnsafeBytes { matches($0, literal) })
    }

    /// The literals the parser uses, spelled out so each call site keeps its `StaticString`.
    private func matches(_ bytes: UnsafeRawBufferPointer, _ literal: String) -> Bool {
        switch literal {
        case "trace-id": asciiCaseInsensitiveEquals(bytes, "trace-id")
        case "aws-request-id": asciiCaseInsensitiveEquals(bytes, "aws-request-id")
        case "lambda-runtime-": asciiCaseInsensitiveEquals(bytes, "lambda-runtime-")
        case "deadline-ms": asciiCaseInsensitiveEquals(bytes, "deadline-ms")
        case "invoked-function-arn": asciiCaseInsensitiveEquals(bytes, "invoked-function-arn")
        case "chunked": asciiCaseInsensitiveEquals(bytes, "chunked")
        case "connection": asciiCaseInsensitiveEquals(bytes, "connection")
        default: asciiCaseInsensitiveEquals(bytes, "content-length")
        }
    }
}
