#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading scalar values out of a tape, with `JSONDecoder`'s rules for what a number may become.
extension JSONTape {
    /// A string entry's value, escapes resolved.
    func string(_ entry: Entry) -> String {
        bytes.withUnsafeBufferPointer { buffer in
            let slice = UnsafeBufferPointer(rebasing: buffer[Int(entry.start)..<Int(entry.end)])
            guard entry.escaped else { return String(decoding: slice, as: UTF8.self) }
            // An escape never decodes to more bytes than it takes in the source.
            return String(unsafeUninitializedCapacity: slice.count) { out in
                Self.unescape(slice, into: out)
            }
        }
    }

    /// Whether a string entry equals `key` as Swift compares strings (canonical equivalence, as the dictionary
    /// `JSONDecoder` builds does); plain ASCII keys are compared byte for byte.
    func string(_ entry: Entry, equals key: String) -> Bool {
        let length = Int(entry.end - entry.start)
        let answer: Bool?? = key.utf8.withContiguousStorageIfAvailable { keyBytes -> Bool? in
            bytes.withUnsafeBufferPointer { buffer -> Bool? in
                let source = UnsafeBufferPointer(rebasing: buffer[Int(entry.start)..<Int(entry.end)])
                if !entry.escaped, length == keyBytes.count,
                    length == 0 || memcmp(source.baseAddress!, keyBytes.baseAddress!, length) == 0
                {
                    return true
                }
                // Different bytes may still be canonically equivalent strings once either holds non-ASCII.
                let asciiOnly = !entry.escaped && !keyBytes.contains { $0 >= 0x80 } && !source.contains { $0 >= 0x80 }
                return asciiOnly ? false : nil
            }
        }
        if let answer, let known = answer { return known }
        return string(entry) == key
    }

    private static func unescape(_ source: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var read = 0, written = 0
        func put(_ byte: UInt8) { out[written] = byte; written += 1 }
        while read < source.count {
            let byte = source[read]
            guard byte == UInt8(ascii: "\\") else { put(byte); read += 1; continue }
            let escaped = source[read + 1]
            read += 2
            switch escaped {
            case UInt8(ascii: "b"): put(0x08)
            case UInt8(ascii: "f"): put(0x0C)
            case UInt8(ascii: "n"): put(0x0A)
            case UInt8(ascii: "r"): put(0x0D)
            case UInt8(ascii: "t"): put(0x09)
            case UInt8(ascii: "u"):
                var scalar = UInt32(hexUnit(source, at: read)!)
                read += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    // The tape only holds well-formed pairs.
                    let low = UInt32(hexUnit(source, at: read + 2)!)
                    read += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                for unit in UTF8.encode(Unicode.Scalar(scalar)!)! { put(unit) }
            default: put(escaped)  // " \ /
            }
        }
        return written
    }

    /// Why a number does not become the requested type; both mean `JSONDecoder` would refuse it too.
    enum NumberProblem: Error {
        /// Out of range, not integral, infinite, or rounded to zero.
        case notRepresentable
    }

    /// A number entry as an integer type: plain integers exactly, `12.0` or `1e3` when the value is integral
    /// and fits.
    func integer<T: FixedWidthInteger>(_ entry: Entry, as type: T.Type) throws(NumberProblem) -> T {
        try bytes.withUnsafeBufferPointer { buffer throws(NumberProblem) in
            let text = UnsafeBufferPointer(rebasing: buffer[Int(entry.start)..<Int(entry.end)])
            if entry.count == 0 { return try Self.plainInteger(text, as: T.self) }
            guard let double = Double(Self.text(text)), let value = T(exactly: double) else {
                throw .notRepresentable
            }
            // Past 2^53 a double may have rounded to a neighbouring integer: work from the decimal digits.
            if double.magnitude < 0x1p53 { return value }
            return try Self.exactInteger(text, as: T.self)
        }
    }

    /// A number entry as `Double` or `Float`, correctly rounded; infinities and values that rounded to zero are
    /// refused, as `JSONDecoder` does.
    func floatingPoint<T: BinaryFloatingPoint & LosslessStringConvertible>(_ entry: Entry, as type: T.Type) throws(NumberProblem) -> T {
        try bytes.withUnsafeBufferPointer { buffer throws(NumberProblem) in
            let text = UnsafeBufferPointer(rebasing: buffer[Int(entry.start)..<Int(entry.end)])
            guard let value = T(Self.text(text)), value.isFinite else { throw .notRepresentable }
            if value == 0 {
                for byte in text {
                    if byte | 0x20 == UInt8(ascii: "e") { break }
                    if byte >= UInt8(ascii: "1"), byte <= UInt8(ascii: "9") { throw .notRepresentable }
                }
            }
            return value
        }
    }

    /// The number's source text.
    func text(_ entry: Entry) -> String {
        bytes.withUnsafeBufferPointer { Self.text(UnsafeBufferPointer(rebasing: $0[Int(entry.start)..<Int(entry.end)])) }
    }

    private static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// `-?digits` into `T`, refusing overflow; `-0` is zero even for unsigned types.
    private static func plainInteger<T: FixedWidthInteger>(_ text: UnsafeBufferPointer<UInt8>, as type: T.Type) throws(NumberProblem) -> T {
        let negative = text[0] == UInt8(ascii: "-")
        var value: T = 0
        for byte in text[(negative ? 1 : 0)...] {
            let digit = T(byte - UInt8(ascii: "0"))
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflow, !overflow2 else { throw .notRepresentable }
            value = next
        }
        return value
    }

    /// An integral number written with a fraction or exponent (at most ``maxFractionalDigits`` digits), from its
    /// digits: significand × 10^exponent, exactly.
    private static func exactInteger<T: FixedWidthInteger>(_ text: UnsafeBufferPointer<UInt8>, as type: T.Type) throws(NumberProblem) -> T {
        var significand: UInt64 = 0
        var exponent = 0
        var index = text[0] == UInt8(ascii: "-") ? 1 : 0
        var inFraction = false
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: ".") {
                inFraction = true
            } else if byte | 0x20 == UInt8(ascii: "e") {
                break
            } else {
                significand = significand * 10 + UInt64(byte - UInt8(ascii: "0"))
                if inFraction { exponent -= 1 }
            }
            index += 1
        }
        if index < text.count {
            index += 1
            let negativeExponent = text[index] == UInt8(ascii: "-")
            if text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+") { index += 1 }
            var written = 0
            while index < text.count { written = written * 10 + Int(text[index] - UInt8(ascii: "0")); index += 1 }
            exponent += negativeExponent ? -written : written
        }
        while exponent < 0 {
            guard significand % 10 == 0 else { throw .notRepresentable }
            significand /= 10
            exponent += 1
        }
        // Wide enough for every fixed-width integer Swift has, so only T's own range decides.
        var magnitude = UInt128(significand)
        for _ in 0..<exponent {
            let (next, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            guard !overflow else { throw .notRepresentable }
            magnitude = next
        }
        if text[0] == UInt8(ascii: "-"), magnitude != 0 {
            guard T.isSigned, magnitude <= UInt128(T.max) + 1 else { throw .notRepresentable }
            return magnitude == UInt128(T.max) + 1 ? T.min : 0 - T(magnitude)
        }
        guard let value = T(exactly: magnitude) else { throw .notRepresentable }
        return value
    }
}
