import Foundation
import TestSupport

/// The face images with OpenCV's boxes (`Tests/Fixtures/faces`, through `TestData`), and small generated inputs a
/// user might send by mistake or on purpose.
enum Fixtures {
    static let images = TestData.faceImages
    static let cascadePath = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_alt.xml"

    static func image(_ name: String) throws -> [UInt8] {
        try TestData.faceImage(name)
    }

    /// OpenCV 4.6's boxes for one image of `reference.json`, and its upright size.
    static func reference(_ name: String) throws -> (boxes: Set<[Int]>, width: Int, height: Int) {
        let data = try TestData.data("faces/reference.json")
        let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let entry = object[name] as! [String: Any]
        return (Set(entry["faces"] as! [[Int]]), entry["width"] as! Int, entry["height"] as! Int)
    }

    /// The first 20,000 bytes of a 61 KB JPEG: a download cut short.
    static func truncatedJPEG() throws -> [UInt8] {
        Array(try image("mpl_grace_hopper.jpg").prefix(20_000))
    }

    /// Plain text, as a web server's error page or a wrong link gives.
    static let text = Array("These are not the droids you are looking for.\n".utf8)

    /// An SVG, which ImageMagick would rasterise (and run its coders on) if it were let through.
    static let svg = Array(#"""
        <?xml version="1.0"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="white"/></svg>
        """#.utf8)

    /// A PNG whose header declares `width`×`height` (a decompression bomb's signature): signature,
    /// IHDR and IEND with correct CRCs, and a few zero bytes of image data.
    static func pngClaiming(width: Int, height: Int) -> [UInt8] {
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            return bigEndian(UInt32(data.count)) + body + bigEndian(crc32(body))
        }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, 0, 0, 0, 0])
            + chunk("IDAT", [0x78, 0x01, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])
            + chunk("IEND", [])
    }

    /// A file that starts like a PNG and is `count` bytes long (over the download limit).
    static func oversizedPNG(count: Int) -> [UInt8] {
        var bytes = pngClaiming(width: 4000, height: 3000)
        bytes += [UInt8](repeating: 0, count: max(0, count - bytes.count))
        return bytes
    }

    /// A GIF89a of `frames` 1×1 frames.
    static func gif(frames: Int) -> [UInt8] {
        var gif = Array("GIF89a".utf8) + [1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255]
        for _ in 0..<frames {
            gif += [0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0x02, 0x02, 0x44, 0x01, 0x00]
        }
        return gif + [0x3B]
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
