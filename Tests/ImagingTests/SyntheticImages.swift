import Foundation
import TestSupport

/// Small generators for hostile and edge-case images, so no big file is committed.
enum SyntheticImages {
    /// One of the reference photos in `Tests/Fixtures/faces/images`.
    static func photo(_ name: String) throws -> [UInt8] {
        try TestData.faceImage(name)
    }

    /// A valid all-black 8-bit gray PNG of any size. The zero rows compress to about 1/158 of their size
    /// with fixed-Huffman deflate (one literal, then length-258 distance-1 matches), so a 20000×20000
    /// image is 2.5 MB.
    static func blackPNG(width: Int, height: Int, textInflatingTo textBytes: Int = 0) -> [UInt8] {
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += chunk("IHDR", bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, 0, 0, 0, 0])
        if textBytes > 0 {  // keyword, NUL, compression method 0, then zlib
            png += chunk("zTXt", Array("Comment".utf8) + [0, 0] + zlibOfZeros(count: textBytes))
        }
        png += chunk("IDAT", zlibOfZeros(count: height * (width + 1)))  // a filter byte per row, then the pixels
        png += chunk("IEND", [])
        return png
    }

    /// A zlib stream of `rawCount` zero bytes, about 1/158 of that size.
    static func zlibOfZeros(count rawCount: Int) -> [UInt8] {
        var bits = BitWriter()
        bits.write(0b1, count: 1)  // final block
        bits.write(0b01, count: 2)  // fixed Huffman codes
        bits.writeHuffman(0x30, count: 8)  // literal 0
        var remaining = rawCount - 1
        while remaining >= 258 {
            bits.writeHuffman(0xC5, count: 8)  // length code 285 = 258 bytes
            bits.writeHuffman(0, count: 5)  // distance code 0 = 1 byte back
            remaining -= 258
        }
        for _ in 0..<remaining { bits.writeHuffman(0x30, count: 8) }
        bits.writeHuffman(0, count: 7)  // end of block
        var zlib: [UInt8] = [0x78, 0x01] + bits.finish()
        let adler = UInt32(rawCount % 65521) << 16 | 1  // Adler-32 of zeros
        zlib += bigEndian(adler)
        return zlib
    }

    /// A GIF of one 1×1 frame after `comments` comment extensions of 255 bytes each.
    static func gif(comments: Int) -> [UInt8] {
        let plain = gif(frames: 1)
        let comment: [UInt8] = [0x21, 0xFE, 0xFF] + Array(repeating: 0x61, count: 255) + [0x00]
        return Array(plain[0..<19]) + Array(repeating: comment, count: comments).flatMap { $0 } + Array(plain[19...])
    }

    /// A real JPEG with `count` extra APP15 segments of `size` bytes each right after its start-of-image.
    static func jpeg(appSegments count: Int, size: Int) throws -> [UInt8] {
        let jpeg = try photo("pillow_hopper.jpg")
        let filler = [UInt8](repeating: 0x41, count: size - 2)
        let segment: [UInt8] = [0xFF, 0xEF] + bigEndian(UInt16(size)) + filler
        var out = Array(jpeg[0..<2])
        for _ in 0..<count { out += segment }
        return out + Array(jpeg[2...])
    }

    /// A real JPEG's headers up to its first scan, then `scans` one-byte scans: a progressive-scan flood.
    static func jpeg(scans: Int) throws -> [UInt8] {
        let jpeg = try photo("pillow_hopper.jpg")
        let sos = try require(jpeg.indices.dropLast().first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xDA })
        let scan: [UInt8] = [0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x00]
        var out = Array(jpeg[0..<sos])
        for _ in 0..<scans { out += scan }
        return out + [0xFF, 0xD9]
    }

    /// A GIF89a of `frames` 1×1 frames with a two-colour palette (black, white); frame `i` uses colour
    /// `i % 2`, so the first frame is black.
    static func gif(frames: Int) -> [UInt8] {
        var gif = Array("GIF89a".utf8)
        gif += [1, 0, 1, 0, 0x80, 0, 0]  // 1×1 screen, global table of 2 colours
        gif += [0, 0, 0, 255, 255, 255]
        for frame in 0..<frames {
            gif += [0x21, 0xF9, 0x04, 0x00, 0x0A, 0x00, 0x00, 0x00]  // 0.1 s delay
            gif += [0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0]  // image descriptor
            gif += [0x02, 0x02, frame % 2 == 0 ? 0x44 : 0x4C, 0x01, 0x00]  // LZW: clear, index, end
        }
        gif.append(0x3B)
        return gif
    }

    /// A real JPEG whose frame header (SOF) is rewritten to claim another size.
    static func jpegClaiming(width: Int, height: Int) throws -> [UInt8] {
        var jpeg = try photo("pillow_hopper.jpg")
        let sof = try require(jpeg.indices.dropLast().first { jpeg[$0] == 0xFF && (jpeg[$0 + 1] == 0xC0 || jpeg[$0 + 1] == 0xC2) })
        jpeg.replaceSubrange((sof + 5)..<(sof + 9), with: Array(bigEndian(UInt16(height))) + Array(bigEndian(UInt16(width))))
        return jpeg
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + body + bigEndian(crc32(body))
    }

    private static func bigEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// Deflate's bit order: fields least-significant bit first, Huffman codes most-significant first.
    private struct BitWriter {
        var bytes: [UInt8] = []
        var accumulator: UInt64 = 0
        var used = 0

        mutating func write(_ value: UInt32, count: Int) {
            accumulator |= UInt64(value) << used
            used += count
            while used >= 8 {
                bytes.append(UInt8(truncatingIfNeeded: accumulator))
                accumulator >>= 8
                used -= 8
            }
        }

        mutating func writeHuffman(_ code: UInt32, count: Int) {
            var reversed: UInt32 = 0
            for bit in 0..<count where code & (1 << bit) != 0 { reversed |= 1 << (count - 1 - bit) }
            write(reversed, count: count)
        }

        mutating func finish() -> [UInt8] {
            if used > 0 { bytes.append(UInt8(truncatingIfNeeded: accumulator)) }
            return bytes
        }
    }
}

/// `#require` for plain values outside a test body.
private func require<T>(_ value: T?) throws -> T {
    guard let value else { throw CocoaError(.fileReadCorruptFile) }
    return value
}
