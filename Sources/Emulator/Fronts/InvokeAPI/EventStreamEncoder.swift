/// Encodes AWS event-stream messages (`application/vnd.amazon.eventstream`), as `InvokeWithResponseStream`
/// answers: each message is a length-prefixed prelude with its CRC32, string headers, the payload, and a CRC32
/// of the whole message.
enum EventStreamEncoder {
    /// One event message with `:message-type: event`.
    static func event(type: String, contentType: String, payload: [UInt8]) -> [UInt8] {
        message(headers: [(":event-type", type), (":content-type", contentType), (":message-type", "event")], payload: payload)
    }

    static func message(headers: [(String, String)], payload: [UInt8]) -> [UInt8] {
        var headerBytes: [UInt8] = []
        for (name, value) in headers {
            headerBytes.append(UInt8(name.utf8.count))
            headerBytes += Array(name.utf8)
            headerBytes.append(7)  // string
            headerBytes += bigEndian(UInt16(value.utf8.count))
            headerBytes += Array(value.utf8)
        }
        let total = UInt32(12 + headerBytes.count + payload.count + 4)
        var bytes = bigEndian(total) + bigEndian(UInt32(headerBytes.count))
        bytes += bigEndian(crc32(bytes))
        bytes += headerBytes + payload
        bytes += bigEndian(crc32(bytes))
        return bytes
    }

    private static func bigEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    /// CRC-32 (IEEE 802.3), as the event-stream format uses.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
