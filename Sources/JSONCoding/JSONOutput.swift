#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of a JSON document written front to back, with the open containers it is inside.
///
/// Streaming only works when a type writes its values in order, as synthesized `encode(to:)` does. Anything
/// else (writing to a container after a sibling was opened, the same key twice, `superEncoder`, a value that
/// writes nothing) throws ``Unsupported`` and the caller encodes the value again with `JSONEncoder`.
final class JSONOutput {
    /// The streaming order was broken; `JSONEncoder` must encode this value.
    struct Unsupported: Error {}

    struct Frame {
        var isObject: Bool
        var count = 0
        /// Tells a container of this frame from one of an earlier, closed frame at the same depth.
        var id: Int
        /// Where this frame's keys start in `keyRanges`.
        var firstKey: Int
    }

    private(set) var bytes: [UInt8] = []
    private(set) var frames: [Frame] = []
    /// A value is expected now, inside the innermost frame.
    private(set) var slotOpen = true
    private var nextFrameID = 0
    /// Byte ranges of the keys written in the open objects, to refuse a key written twice.
    private var keyRanges: [Range<Int>] = []

    init() {
        bytes.reserveCapacity(256)
    }

    var depth: Int { frames.count }

    // MARK: Structure

    /// Checks that the value slot at `depth` is the one expected now.
    func requireSlot(at depth: Int) throws(Unsupported) {
        guard slotOpen, frames.count == depth else { throw Unsupported() }
    }

    /// Opens an object or array in the slot at `depth`; returns the new frame's id.
    func open(object: Bool, at depth: Int) throws(Unsupported) -> Int {
        try requireSlot(at: depth)
        bytes.append(object ? UInt8(ascii: "{") : UInt8(ascii: "["))
        nextFrameID += 1
        frames.append(Frame(isObject: object, id: nextFrameID, firstKey: keyRanges.count))
        slotOpen = false
        return nextFrameID
    }

    /// Closes frames deeper than `depth`: their containers are done once an outer one writes again.
    func closeFrames(deeperThan depth: Int) {
        while frames.count > depth {
            let frame = frames.removeLast()
            keyRanges.removeSubrange(frame.firstKey...)
            bytes.append(frame.isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
    }

    /// Opens the slot for the next element of the frame `id` at `depth` (writing the key for objects).
    func beginElement(frame id: Int, at depth: Int, key: String?, checkingDuplicates: Bool = true) throws(Unsupported) {
        guard frames.count >= depth, frames[depth - 1].id == id else { throw Unsupported() }
        closeFrames(deeperThan: depth)
        guard !slotOpen else { throw Unsupported() }
        if frames[depth - 1].count > 0 { bytes.append(UInt8(ascii: ",")) }
        frames[depth - 1].count += 1
        if let key {
            let start = bytes.count + 1
            writeString(key)
            if checkingDuplicates {
                let range = start..<(bytes.count - 1)
                try refuseDuplicate(range, since: frames[depth - 1].firstKey)
                keyRanges.append(range)
            }
            bytes.append(UInt8(ascii: ":"))
        }
        slotOpen = true
    }

    /// After a value's `encode(to:)` returned: it must have written something; close what it left open.
    func endValue(at depth: Int) throws(Unsupported) {
        guard !slotOpen, frames.count >= depth else { throw Unsupported() }
        closeFrames(deeperThan: depth)
    }

    private func refuseDuplicate(_ range: Range<Int>, since first: Int) throws(Unsupported) {
        let length = range.count
        for other in keyRanges[first...] where other.count == length {
            if bytes[other].elementsEqual(bytes[range]) { throw Unsupported() }
        }
    }

    // MARK: Scalars

    func writeNull() { bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]); slotOpen = false }
    func writeBool(_ value: Bool) {
        if value { bytes.append(contentsOf: [0x74, 0x72, 0x75, 0x65]) } else { bytes.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65]) }
        slotOpen = false
    }

    func writeInteger<T: FixedWidthInteger>(_ value: T) {
        bytes.append(contentsOf: String(value).utf8)
        slotOpen = false
    }

    /// Numbers as `JSONEncoder` prints them: Swift's shortest round-trip form without a trailing `.0`.
    func writeFloatingPoint<T: BinaryFloatingPoint & CustomStringConvertible>(_ value: T) throws(Unsupported) {
        guard value.isFinite else { throw Unsupported() }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
        slotOpen = false
    }

    /// A string with `JSONEncoder`'s escapes (`.withoutEscapingSlashes`): quote, backslash, the short forms of
    /// control characters, `\u00xx` for the rest below 0x20; everything else as UTF-8. Runs between escapes are
    /// found with `strcspn`, so long strings cost a copy, not a Swift loop per byte.
    func writeString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        let count = value.utf8.count
        value.withCString { base in
            base.withMemoryRebound(to: UInt8.self, capacity: count + 1) { source in
                var position = 0
                while position < count {
                    let run = Self.escapeSet.withUnsafeBufferPointer { strcspn(base + position, $0.baseAddress!) }
                    bytes.append(contentsOf: UnsafeBufferPointer(start: source + position, count: run))
                    position += run
                    guard position < count else { break }
                    appendEscape(source[position])
                    position += 1
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
        slotOpen = false
    }

    /// The bytes `strcspn` stops at (NUL, which needs an escape too, ends every C string anyway).
    private static let escapeSet: [CChar] = (1..<0x20).map { CChar($0) } + [0x22, 0x5C, 0]

    private func appendEscape(_ byte: UInt8) {
        switch byte {
        case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
        case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
        case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
        case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
        case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        default:
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        }
    }
}
