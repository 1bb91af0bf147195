import Foundation
import Imaging
import Testing

@Suite struct ImageDecodingTests {
    @Test(arguments: [
        ("skimage_astronaut.png", 512, 512), ("skimage_camera.png", 512, 512), ("mpl_grace_hopper.jpg", 512, 600),
        ("pillow_hopper_orientation_6.jpg", 128, 128), ("pillow_sugarshack.jpg", 640, 480),
        ("pillow_pil_sample_cmyk.jpg", 100, 100),
    ])
    func decodesSharedImages(name: String, width: Int, height: Int) throws {
        let image = try Image.decode(try SyntheticImages.photo(name))
        #expect(image.width == width)
        #expect(image.height == height)
        let rgb = try image.rgbPixels()
        #expect(rgb.count == width * height * 3)
        #expect(try image.grayPixels().count == width * height)
    }

    /// Orientation 3 is stored upside down and 6 rotated a quarter turn; decoded, all three hoppers
    /// look alike (mean absolute gray difference small), which they would not if orientation were ignored.
    @Test func exifOrientationIsApplied() throws {
        let upright = try Image.decode(try SyntheticImages.photo("pillow_hopper.jpg")).grayPixels()
        for name in ["pillow_hopper_orientation_3.jpg", "pillow_hopper_orientation_6.jpg"] {
            let stored = try SyntheticImages.photo(name)
            let gray = try Image.decode(stored).grayPixels()
            #expect(meanDifference(gray, upright) < 8, "\(name)")
        }
        // And a mirrored copy really is different, so the measure can fail.
        let flipped = (0..<128).flatMap { row in upright[((127 - row) * 128)..<((128 - row) * 128)] }
        #expect(meanDifference(flipped, upright) > 20)
    }

    /// The CMYK sample is a dark photo: OpenCV's decode has a mean of 15.07 over its B, G, R values.
    /// Raw CMYK channels exported as "RGB" would be bright (high ink values), mean above 200.
    @Test func cmykIsConvertedToRGB() throws {
        let image = try Image.decode(try SyntheticImages.photo("pillow_pil_sample_cmyk.jpg"))
        let rgb = try image.rgbPixels()
        let mean = Double(rgb.reduce(0) { $0 + Int($1) }) / Double(rgb.count)
        #expect(abs(mean - 15.07) < 2, "mean \(mean)")
    }

    @Test func grayUsesOpenCVFormula() throws {
        let image = try Image.decode(try SyntheticImages.photo("skimage_astronaut.png"))
        let rgb = try image.rgbPixels(), gray = try image.grayPixels()
        for index in Swift.stride(from: 0, to: gray.count, by: 997) {
            let r = Int(rgb[3 * index]), g = Int(rgb[3 * index + 1]), b = Int(rgb[3 * index + 2])
            #expect(Int(gray[index]) == (r * 9798 + g * 19235 + b * 3735 + 16384) >> 15)
        }
    }

    @Test func firstFrameOnly() throws {
        let image = try Image.decode(SyntheticImages.gif(frames: 3))
        #expect(image.width == 1 && image.height == 1)
        #expect(try image.rgbPixels() == [0, 0, 0])  // frame 0 is black, frame 1 white
    }

    @Test func decodesAllowedFormats() throws {
        let png = try Image.decode(SyntheticImages.blackPNG(width: 33, height: 17))
        #expect(png.format == .png && png.width == 33 && png.height == 17)
        #expect(try png.grayPixels().allSatisfy { $0 == 0 })
        #expect(try Image.decode(SyntheticImages.gif(frames: 1)).format == .gif)
        #expect(try Image.decode(SyntheticImages.photo("pillow_hopper.jpg")).format == .jpeg)
    }

    @Test func sniffing() {
        #expect(ImageFormat.sniff([0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(ImageFormat.sniff(Array("GIF89a".utf8)) == .gif)
        #expect(ImageFormat.sniff(Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)) == .webp)
        #expect(ImageFormat.sniff(Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVEfmt ".utf8)) == nil)
        #expect(ImageFormat.sniff(Array("BM\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}".utf8)) == .bmp)
        #expect(ImageFormat.sniff([0xFF, 0xD8]) == nil)
        #expect(ImageFormat.sniff(Array("<svg xmlns='http://www.w3.org/2000/svg'/>".utf8)) == nil)
    }

    private func meanDifference(_ a: [UInt8], _ b: [UInt8]) -> Double {
        Double(zip(a, b).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }) / Double(a.count)
    }
}
