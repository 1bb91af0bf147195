import CMagickWand
@testable import Imaging
import Testing

/// WebP and BMP inputs, written by ImageMagick itself from a shared photo, decode through the same
/// checks (signature, our header reader, ping) as JPEG and PNG.
@Suite struct FormatRoundTripInternalTests {
    static func encode(_ source: Imaging.Image, as format: String, options: [(String, String)] = []) throws -> [UInt8] {
        let wand = try #require(CloneMagickWand(source.wand))
        defer { DestroyMagickWand(wand) }
        for (key, value) in options { _ = MagickSetOption(wand, key, value) }
        #expect(MagickSetImageFormat(wand, format) == MagickTrue)
        var length = 0
        let blob = try #require(MagickGetImageBlob(wand, &length))
        defer { _ = MagickRelinquishMemory(blob) }
        return Array(UnsafeBufferPointer(start: blob, count: length))
    }

    @Test(arguments: [
        ("WEBP", [("webp:lossless", "false")], ImageFormat.webp),
        ("WEBP", [("webp:lossless", "true")], ImageFormat.webp),
        ("BMP", [], ImageFormat.bmp),
        ("BMP3", [], ImageFormat.bmp),
        ("GIF", [], ImageFormat.gif),
    ])
    func decodes(magickFormat: String, options: [(String, String)], format: ImageFormat) throws {
        let source = try Imaging.Image.decode(try SyntheticImages.photo("mpl_grace_hopper.jpg"))
        let bytes = try Self.encode(source, as: magickFormat, options: options)
        #expect(ImageFormat.sniff(bytes) == format)
        let header = try #require(bytes.withUnsafeBytes { ImageHeader.read($0, format: format) })
        #expect(header.width == 512 && header.height == 600)
        let image = try Imaging.Image.decode(bytes)
        #expect(image.format == format && image.width == 512 && image.height == 600)
        #expect(try image.grayPixels().count == 512 * 600)
    }
}
