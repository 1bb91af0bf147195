/// Reads the declared size (and, for GIF, the frame count) straight from the file header, before
/// ImageMagick sees the bytes. ImageMagick refuses oversized images too, but its ping then fails
/// without saying why; reading the header ourselves gives a precise error and keeps bombs away from
/// the coders entirely.
struct ImageHeader {
    var width: Int
    var height: Int

    /// The size the header declares, or `nil` if the header is incomplete or malformed.
    static func read(_ bytes: UnsafeRawBufferPointer, format: ImageFormat) -> ImageHeader? {
        let reader = ByteReader(bytes: bytes)
        switch format {
        case .png:
            // Signature, then the IHDR chunk: length, "IHDR", width, height (big-endian).
            guard reader.matches("IHDR", at: 12), let width = reader.bigEndian32(at: 16),
                  let height = reader.bigEndian32(at: 20) else { return nil }
            return ImageHeader(width: width, height: height)
        case .gif:
            guard let width = reader.littleEndian16(at: 6), let height = reader.littleEndian16(at: 8) else { return nil }
            return ImageHeader(width: width, height: height)
        case .bmp:
            guard let headerSize = reader.littleEndian32(at: 14) else { return nil }
            if headerSize == 12 {  // OS/2 BITMAPCOREHEADER: 16-bit sizes
                guard let width = reader.littleEndian16(at: 18), let height = reader.littleEndian16(at: 20) else { return nil }
                return ImageHeader(width: width, height: height)
            }
            guard let width = reader.littleEndian32(at: 18), let height = reader.littleEndian32(at: 22) else { return nil }
            // Both are signed; a negative height means top-down rows.
            return ImageHeader(width: Int(Int32(truncatingIfNeeded: width).magnitude),
                               height: Int(Int32(truncatingIfNeeded: height).magnitude))
        case .webp:
            return webp(reader)
        case .jpeg:
            return jpeg(reader)
        }
    }

    /// What a linear walk over a GIF's blocks finds (no decoding).
    struct GIFBlocks {
        /// Image descriptors.
        var frames: Int
        /// Bytes in extension blocks (comments, application data, graphic control), sub-block headers included.
        var extensionBytes: Int
    }

    /// Frames and extension bytes of a GIF; `nil` if the block structure is broken.
    static func gifBlocks(_ bytes: UnsafeRawBufferPointer) -> GIFBlocks? {
        let reader = ByteReader(bytes: bytes)
        guard let flags = reader.byte(at: 10) else { return nil }
        var offset = 13
        if flags & 0x80 != 0 { offset += 3 << ((Int(flags) & 7) + 1) }  // global colour table
        var blocks = GIFBlocks(frames: 0, extensionBytes: 0)
        while true {
            guard let introducer = reader.byte(at: offset) else { return nil }
            switch introducer {
            case 0x3B:  // trailer
                return blocks
            case 0x21:  // extension: label, then data sub-blocks
                guard let end = reader.skipSubBlocks(from: offset + 2) else { return nil }
                blocks.extensionBytes += end - offset
                offset = end
            case 0x2C:  // image descriptor, optional local colour table, LZW code size, data sub-blocks
                guard let localFlags = reader.byte(at: offset + 9) else { return nil }
                offset += 10
                if localFlags & 0x80 != 0 { offset += 3 << ((Int(localFlags) & 7) + 1) }
                guard let end = reader.skipSubBlocks(from: offset + 1) else { return nil }
                offset = end
                blocks.frames += 1
            default:
                return nil
            }
        }
    }

    private static func webp(_ reader: ByteReader) -> ImageHeader? {
        if reader.matches("VP8X", at: 12) {
            guard let width = reader.littleEndian24(at: 24), let height = reader.littleEndian24(at: 27) else { return nil }
            return ImageHeader(width: width + 1, height: height + 1)
        }
        if reader.matches("VP8L", at: 12) {
            guard reader.byte(at: 20) == 0x2F, let bits = reader.littleEndian32(at: 21) else { return nil }
            return ImageHeader(width: (bits & 0x3FFF) + 1, height: ((bits >> 14) & 0x3FFF) + 1)
        }
        if reader.matches("VP8 ", at: 12) {
            guard reader.byte(at: 23) == 0x9D, reader.byte(at: 24) == 0x01, reader.byte(at: 25) == 0x2A,
                  let width = reader.littleEndian16(at: 26), let height = reader.littleEndian16(at: 28) else { return nil }
            return ImageHeader(width: width & 0x3FFF, height: height & 0x3FFF)
        }
        return nil
    }

    /// Walks the JPEG markers up to the first start-of-frame, which holds the size.
    private static func jpeg(_ reader: ByteReader) -> ImageHeader? {
        var offset = 2
        while true {
            guard reader.byte(at: offset) == 0xFF else { return nil }
            while reader.byte(at: offset) == 0xFF { offset += 1 }  // fill bytes
            guard let marker = reader.byte(at: offset) else { return nil }
            offset += 1
            switch marker {
            case 0xC0...0xC3, 0xC5...0xC7, 0xC9...0xCB, 0xCD...0xCF:
                guard let height = reader.bigEndian16(at: offset + 3),
                      let width = reader.bigEndian16(at: offset + 5) else { return nil }
                return ImageHeader(width: width, height: height)
            case 0x01, 0xD0...0xD7:
                continue  // markers without a length
            case 0xD8, 0xD9, 0xDA:
                return nil  // another image start, end of image or scan data before any frame header
            default:
                guard let length = reader.bigEndian16(at: offset), length >= 2 else { return nil }
                offset += length
            }
        }
    }
}

/// Bounds-checked reads from a byte buffer; every accessor returns `nil` past the end.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer

    func byte(at offset: Int) -> UInt8? {
        offset >= 0 && offset < bytes.count ? bytes[offset] : nil
    }

    func matches(_ text: StaticString, at offset: Int) -> Bool {
        let count = text.utf8CodeUnitCount
        guard offset >= 0, offset + count <= bytes.count else { return false }
        return (0..<count).allSatisfy { bytes[offset + $0] == text.utf8Start[$0] }
    }

    private func value(at offset: Int, count: Int, bigEndian: Bool) -> Int? {
        guard offset >= 0, offset + count <= bytes.count else { return nil }
        var result = 0
        for index in 0..<count {
            let byte = Int(bytes[offset + (bigEndian ? index : count - 1 - index)])
            result = result << 8 | byte
        }
        return result
    }

    func bigEndian16(at offset: Int) -> Int? { value(at: offset, count: 2, bigEndian: true) }
    func bigEndian32(at offset: Int) -> Int? { value(at: offset, count: 4, bigEndian: true) }
    func littleEndian16(at offset: Int) -> Int? { value(at: offset, count: 2, bigEndian: false) }
    func littleEndian24(at offset: Int) -> Int? { value(at: offset, count: 3, bigEndian: false) }
    func littleEndian32(at offset: Int) -> Int? { value(at: offset, count: 4, bigEndian: false) }

    /// The offset after a chain of GIF data sub-blocks (each a length byte and data, ended by 0).
    func skipSubBlocks(from start: Int) -> Int? {
        var offset = start
        while let length = byte(at: offset) {
            offset += 1 + Int(length)
            if length == 0 { return offset }
        }
        return nil
    }
}
