/// A JSON document checked against RFC 8259 and laid out flat: one entry per value in document order, each
/// container followed by its elements (an object's as key, value, key, value…).
///
/// Parsing is deliberately stricter than `JSONDecoder`'s scanner: a document it does not take (invalid JSON,
/// invalid UTF-8 anywhere, lone surrogates, nesting deeper than ``maxDepth``, numbers whose integer conversion
/// could depend on `Decimal` arithmetic) is handed to `JSONDecoder` whole, so every document decoded here is
/// one that `JSONDecoder` reads the same way.
struct JSONTape {
    /// What a value is.
    enum Kind: UInt8 {
        case object, array, string, number, `true`, `false`, null
    }

    /// One value. `start..<end` are its bytes (a string's without the quotes); `next` is the index of the entry
    /// after this value and everything inside it; `count` is a container's number of elements (an object's
    /// keys), or for a number whether it has a fraction or exponent (1) or is a plain integer (0); `escaped`
    /// says a string holds backslash escapes.
    struct Entry {
        var kind: Kind
        var escaped: Bool
        var start: Int32
        var end: Int32
        var next: Int32
        var count: Int32
    }

    /// Documents nest far less in practice; deeper ones go to `JSONDecoder` (whose own limit is 512).
    static let maxDepth = 128
    /// Digits in a number with a fraction or exponent beyond which integer conversion is left to `JSONDecoder`.
    static let maxFractionalDigits = 15

    let bytes: [UInt8]
    private(set) var entries: [Entry] = []

    /// Parses `bytes`; nil when the document is not valid JSON or is one to leave to `JSONDecoder`.
    init?(_ bytes: [UInt8]) {
        guard bytes.count < Int(Int32.max) else { return nil }
        self.bytes = bytes
        entries.reserveCapacity(16)
        var scanner = Scanner()
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            scanner.document(buffer, into: &entries)
        }
        guard parsed else { return nil }
    }

    subscript(index: Int) -> Entry { entries[index] }

    /// The recursive-descent parser; returns false at the first byte it does not accept.
    private struct Scanner {
        var position = 0

        mutating func document(_ buffer: UnsafeBufferPointer<UInt8>, into entries: inout [Entry]) -> Bool {
            skipWhitespace(buffer)
            guard value(buffer, depth: 0, into: &entries) else { return false }
            skipWhitespace(buffer)
            return position == buffer.count
        }

        private mutating func skipWhitespace(_ buffer: UnsafeBufferPointer<UInt8>) {
            while position < buffer.count {
                switch buffer[position] {
                case 0x20, 0x0A, 0x0D, 0x09: position += 1
                default: return
                }
            }
        }

        private mutating func value(_ buffer: UnsafeBufferPointer<UInt8>, depth: Int, into entries: inout [Entry]) -> Bool {
            guard position < buffer.count else { return false }
            switch buffer[position] {
            case UInt8(ascii: "{"): return container(buffer, object: true, depth: depth, into: &entries)
            case UInt8(ascii: "["): return container(buffer, object: false, depth: depth, into: &entries)
            case UInt8(ascii: "\""): return string(buffer, into: &entries)
            case UInt8(ascii: "t"): return literal(buffer, "true", .true, into: &entries)
            case UInt8(ascii: "f"): return literal(buffer, "false", .false, into: &entries)
            case UInt8(ascii: "n"): return literal(buffer, "null", .null, into: &entries)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number(buffer, into: &entries)
            default: return false
            }
        }

        private mutating func container(
            _ buffer: UnsafeBufferPointer<UInt8>, object: Bool, depth: Int, into entries: inout [Entry]
        ) -> Bool {
            guard depth < JSONTape.maxDepth else { return false }
            let index = entries.count
            entries.append(Entry(kind: object ? .object : .array, escaped: false, start: Int32(position), end: 0, next: 0, count: 0))
            position += 1
            let close = object ? UInt8(ascii: "}") : UInt8(ascii: "]")
            var count: Int32 = 0
            skipWhitespace(buffer)
            if position < buffer.count, buffer[position] == close {
                position += 1
            } else {
                while true {
                    if object {
                        guard position < buffer.count, buffer[position] == UInt8(ascii: "\""), string(buffer, into: &entries) else {
                            return false
                        }
                        skipWhitespace(buffer)
                        guard position < buffer.count, buffer[position] == UInt8(ascii: ":") else { return false }
                        position += 1
                        skipWhitespace(buffer)
                    }
                    guard value(buffer, depth: depth + 1, into: &entries) else { return false }
                    count += 1
                    skipWhitespace(buffer)
                    guard position < buffer.count else { return false }
                    if buffer[position] == UInt8(ascii: ",") {
                        position += 1
                        skipWhitespace(buffer)
                    } else if buffer[position] == close {
                        position += 1
                        break
                    } else {
                        return false
                    }
                }
            }
            entries[index].end = Int32(position)
            entries[index].next = Int32(entries.count)
            entries[index].count = count
            return true
        }

        private mutating func literal(
            _ buffer: UnsafeBufferPointer<UInt8>, _ text: StaticString, _ kind: Kind, into entries: inout [Entry]
        ) -> Bool {
            let length = text.utf8CodeUnitCount
            guard buffer.count - position >= length else { return false }
            for offset in 0..<length where buffer[position + offset] != text.utf8Start[offset] { return false }
            entries.append(Entry(kind: kind, escaped: false, start: Int32(position), end: Int32(position + length),
                                 next: Int32(entries.count + 1), count: 0))
            position += length
            return true
        }

        private mutating func number(_ buffer: UnsafeBufferPointer<UInt8>, into entries: inout [Entry]) -> Bool {
            let start = position
            if buffer[position] == UInt8(ascii: "-") { position += 1 }
            let integerStart = position
            guard digits(buffer) > 0 else { return false }
            // A leading zero stands alone.
            if buffer[integerStart] == UInt8(ascii: "0"), position - integerStart > 1 { return false }
            var significantDigits = position - integerStart
            var fractional = false
            if position < buffer.count, buffer[position] == UInt8(ascii: ".") {
                position += 1
                let fraction = digits(buffer)
                guard fraction > 0 else { return false }
                significantDigits += fraction
                fractional = true
            }
            if position < buffer.count, buffer[position] | 0x20 == UInt8(ascii: "e") {
                position += 1
                if position < buffer.count, buffer[position] == UInt8(ascii: "+") || buffer[position] == UInt8(ascii: "-") {
                    position += 1
                }
                let exponent = digits(buffer)
                guard exponent > 0, exponent <= 3 else { return false }
                fractional = true
            }
            if fractional, significantDigits > JSONTape.maxFractionalDigits { return false }
            entries.append(Entry(kind: .number, escaped: false, start: Int32(start), end: Int32(position),
                                 next: Int32(entries.count + 1), count: fractional ? 1 : 0))
            return true
        }

        private mutating func digits(_ buffer: UnsafeBufferPointer<UInt8>) -> Int {
            let start = position
            while position < buffer.count, buffer[position] &- UInt8(ascii: "0") < 10 { position += 1 }
            return position - start
        }

        private mutating func string(_ buffer: UnsafeBufferPointer<UInt8>, into entries: inout [Entry]) -> Bool {
            position += 1
            let start = position
            var escaped = false
            while position < buffer.count {
                let byte = buffer[position]
                switch byte {
                case UInt8(ascii: "\""):
                    entries.append(Entry(kind: .string, escaped: escaped, start: Int32(start), end: Int32(position),
                                         next: Int32(entries.count + 1), count: 0))
                    position += 1
                    return true
                case UInt8(ascii: "\\"):
                    guard escape(buffer) else { return false }
                    escaped = true
                case 0..<0x20:
                    return false
                case 0x80...:
                    guard multiByteScalar(buffer) else { return false }
                default:
                    position += 1
                }
            }
            return false
        }

        /// Checks one escape; `\u` surrogates must come as a high-low pair.
        private mutating func escape(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
            guard position + 1 < buffer.count else { return false }
            switch buffer[position + 1] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                position += 2
                return true
            case UInt8(ascii: "u"):
                guard let unit = JSONTape.hexUnit(buffer, at: position + 2) else { return false }
                position += 6
                switch unit {
                case 0xD800...0xDBFF:
                    guard position + 1 < buffer.count, buffer[position] == UInt8(ascii: "\\"),
                        buffer[position + 1] == UInt8(ascii: "u"),
                        let low = JSONTape.hexUnit(buffer, at: position + 2), (0xDC00...0xDFFF).contains(low)
                    else { return false }
                    position += 6
                    return true
                case 0xDC00...0xDFFF:
                    return false
                default:
                    return true
                }
            default:
                return false
            }
        }

        /// Checks one UTF-8 sequence of two to four bytes: no overlong forms, surrogates or values past U+10FFFF.
        private mutating func multiByteScalar(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
            let lead = buffer[position]
            let length: Int
            var lowest: UInt8 = 0x80, highest: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lowest = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; highest = 0x9F
            case 0xF0: length = 4; lowest = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; highest = 0x8F
            default: return false
            }
            guard buffer.count - position >= length else { return false }
            let second = buffer[position + 1]
            guard second >= lowest, second <= highest else { return false }
            for offset in 2..<max(2, length) where buffer[position + offset] & 0xC0 != 0x80 { return false }
            position += length
            return true
        }
    }

    /// The value of four hex digits at `offset`, or nil.
    static func hexUnit(_ buffer: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt16? {
        guard buffer.count - offset >= 4 else { return nil }
        var unit: UInt16 = 0
        for index in offset..<offset + 4 {
            let byte = buffer[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            unit = unit << 4 | UInt16(digit)
        }
        return unit
    }
}
