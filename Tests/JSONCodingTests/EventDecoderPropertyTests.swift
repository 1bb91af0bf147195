import JSONCoding
import Foundation
import Testing
import TestSupport

/// Random documents and random damage to them: whatever `JSONDecoder` makes of each, `EventDecoder` must make
/// the same.
@Suite struct EventDecoderPropertyTests {
    typealias AnyJSON = EventDecoderTests.AnyJSON

    struct Generator {
        var random: SplitMix64

        mutating func int(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }

        mutating func document(depth: Int = 0) -> String {
            switch int(depth > 3 ? 6 : 8) {
            case 0: return "null"
            case 1: return int(2) == 0 ? "true" : "false"
            case 2: return number()
            case 3, 4, 5: return string()
            case 6: return "[" + (0..<int(5)).map { _ in document(depth: depth + 1) }.joined(separator: ",") + "]"
            default:
                return "{" + (0..<int(5)).map { _ in "\(string()):\(document(depth: depth + 1))" }.joined(separator: ", ") + "}"
            }
        }

        mutating func number() -> String {
            let sign = int(3) == 0 ? "-" : ""
            let integer = int(4) == 0 ? "0" : String(int(1_000_000_000)) + (int(4) == 0 ? String(int(1_000_000_000)) : "")
            let fraction = int(3) == 0 ? "." + String(int(100_000)) : ""
            let exponent = int(4) == 0 ? ["e", "E", "e+", "e-"][int(4)] + String(int(400)) : ""
            return sign + integer + fraction + exponent
        }

        mutating func string() -> String {
            let pieces = ["a", "key", "é", "中", "😀", "\\n", "\\\"", "\\\\", "\\u00e9", "\\ud83d\\ude00", "\\/", " ", "name", "0"]
            return "\"" + (0..<int(4)).map { _ in pieces[int(pieces.count)] }.joined() + "\""
        }

        /// One random change: drop, repeat or replace a byte, or cut the document short.
        mutating func damage(_ text: String) -> Data {
            var bytes = Array(text.utf8)
            guard !bytes.isEmpty else { return Data() }
            let at = int(bytes.count)
            switch int(4) {
            case 0: bytes.remove(at: at)
            case 1: bytes.insert(bytes[at], at: at)
            case 2:
                let replacements = Array("{}[],:\"\\0-e.x \u{7f}".utf8)
                bytes[at] = replacements[int(replacements.count)]
            default: bytes.removeLast(int(bytes.count) + 1)
            }
            return Data(bytes)
        }
    }

    func expectSame(_ data: Data) {
        EventDecoderTests().expectSame(AnyJSON.self, data)
    }

    @Test func randomDocumentsDecodeTheSame() {
        var generator = Generator(random: SplitMix64(seed: 7))
        for _ in 0..<3_000 {
            expectSame(Data(generator.document().utf8))
        }
    }

    @Test func damagedDocumentsFailOrSucceedTheSame() {
        var generator = Generator(random: SplitMix64(seed: 11))
        for _ in 0..<3_000 {
            let document = generator.document()
            expectSame(generator.damage(document))
        }
    }
}
