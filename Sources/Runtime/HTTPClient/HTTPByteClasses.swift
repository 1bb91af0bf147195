/// The byte classes of RFC 9110 that the head parser checks, each a few instructions a byte: field names are
/// `tchar` tokens looked up in a 128-bit set, field values are checked eight bytes at a time.
enum HTTPByteClasses {
    /// `tchar` as a bit set: bit `b` of `low` for bytes below 64, bit `b - 64` of `high` above.
    /// `! # $ % & ' * + - .` and digits in `low`; letters, `^ _ \` | ~` in `high`.
    private static let tokenLow: UInt64 = 0x03FF_6CFA_0000_0000
    private static let tokenHigh: UInt64 = 0x57FF_FFFF_C7FF_FFFE

    /// RFC 9110 `tchar`.
    @inline(__always)
    static func isTokenByte(_ byte: UInt8) -> Bool {
        byte < 64 ? (tokenLow >> byte) & 1 == 1 : byte < 128 && (tokenHigh >> (byte &- 64)) & 1 == 1
    }

    /// Visible characters, space, tab and obs-text; no other controls.
    @inline(__always)
    static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte == 0x09 || (byte >= 0x20 && byte != 0x7F)
    }

    /// Whether every byte is a `tchar` (an empty name is the caller's to refuse).
    static func isToken(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for byte in bytes where !isTokenByte(byte) { return false }
        return true
    }

    /// Whether every byte may appear in a field value. Words without a control byte or DEL pass eight bytes at
    /// a time; from the first word that has one (usually a tab), bytes are checked one by one.
    static func isFieldValue(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        var index = 0
        while index + 8 <= bytes.count {
            let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            // Sets a byte's high bit when some byte is below 0x20 (exact for "any", bytes ≥ 0x80 never borrow).
            let control = (word &- ones &* 0x20) & ~word & highBits
            let xorDelete = word ^ (ones &* 0x7F)
            let delete = (xorDelete &- ones) & ~xorDelete & highBits
            if control | delete != 0 { break }
            index += 8
        }
        while index < bytes.count {
            if !isFieldValueByte(bytes[index]) { return false }
            index += 1
        }
        return true
    }
}

/// Compares `bytes` with `lowercased`, a literal of lower-case letters and hyphens, ignoring ASCII case in
/// `bytes`, eight bytes at a time.
///
/// Setting bit 0x20 of a byte maps only `A`–`Z` to a letter and only CR (0x0D) to a hyphen, and `bytes` never
/// holds a CR (the head is split at every CR and a bare one is refused), so the comparison is exact: a match
/// also proves `bytes` a valid token.
@inline(__always)
func asciiCaseInsensitiveEquals(_ bytes: UnsafeRawBufferPointer, _ lowercased: StaticString) -> Bool {
    let count = lowercased.utf8CodeUnitCount
    guard bytes.count == count else { return false }
    guard count > 0, let base = bytes.baseAddress else { return true }
    let expected = UnsafeRawPointer(lowercased.utf8Start)
    if count < 8 {
        for index in 0..<count where bytes[index] | 0x20 != expected.load(fromByteOffset: index, as: UInt8.self) {
            return false
        }
        return true
    }
    let caseBits: UInt64 = 0x2020_2020_2020_2020
    var index = 0
    while true {
        // The last word overlaps the one before it rather than leaving a tail.
        let offset = min(index, count - 8)
        if base.loadUnaligned(fromByteOffset: offset, as: UInt64.self) | caseBits
            != expected.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        {
            return false
        }
        if offset == count - 8 { return true }
        index += 8
    }
}
