import CZlib

/// Raw deflate (no zlib header) and CRC-32 through the system zlib, as zip entries store them.
enum Deflate {
    /// `bytes` compressed as a zip's deflate entry: level 9, 15-bit window, memory level 8, default strategy, the
    /// whole input passed before one finish (how Python's zipfile drives zlib, so the bytes match its zips).
    /// - Throws: `PackagingError` when zlib refuses (out of memory).
    static func compress(_ bytes: [UInt8], level: Int32 = 9) throws(PackagingError) -> [UInt8] {
        var stream = z_stream()
        let initialised = deflateInit2_(
            &stream, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard initialised == Z_OK else { throw .zlib("deflateInit2 returned \(initialised)") }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 64)
        var input = bytes
        let written: Int = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = destination.baseAddress
                stream.avail_out = uInt(destination.count)
                guard deflate(&stream, Z_NO_FLUSH) == Z_OK || source.isEmpty else { return -1 }
                guard deflate(&stream, Z_FINISH) == Z_STREAM_END else { return -1 }
                return destination.count - Int(stream.avail_out)
            }
        }
        guard written >= 0 else { throw .zlib("deflate did not finish") }
        return Array(output[..<written])
    }

    /// The CRC-32 zip stores for `bytes`.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            UInt32(CZlib.crc32(0, buffer.baseAddress, uInt(buffer.count)))
        }
    }
}
