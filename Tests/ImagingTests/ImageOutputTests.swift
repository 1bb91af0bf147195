import Imaging
import Testing

@Suite struct ImageOutputTests {
    @Test func drawsTwoPixelWhiteOutlines() throws {
        let image = try Image.decode(SyntheticImages.blackPNG(width: 40, height: 30))
        try image.drawRectangles([PixelRect(x: 5, y: 4, width: 10, height: 8)])
        let gray = try image.grayPixels()
        func pixel(_ x: Int, _ y: Int) -> UInt8 { gray[y * 40 + x] }
        // The 2-pixel border is white, inside and outside stay black.
        for (x, y) in [(5, 4), (6, 5), (14, 11), (13, 10), (10, 4), (10, 11), (5, 8), (14, 8)] {
            #expect(pixel(x, y) == 255, "(\(x), \(y))")
        }
        for (x, y) in [(7, 6), (12, 9), (4, 4), (15, 11), (10, 3), (10, 12)] {
            #expect(pixel(x, y) == 0, "(\(x), \(y))")
        }
        #expect(gray.filter { $0 == 255 }.count == 10 * 8 - 6 * 4)
    }

    @Test func drawingClipsToTheImage() throws {
        let image = try Image.decode(SyntheticImages.blackPNG(width: 20, height: 20))
        try image.drawRectangles([PixelRect(x: -5, y: 15, width: 40, height: 40), PixelRect(x: 50, y: 50, width: 3, height: 3)])
        let gray = try image.grayPixels()
        #expect(gray[15 * 20 + 0] == 255 && gray[16 * 20 + 19] == 255)
        #expect(gray[19 * 20 + 10] == 0)  // the bottom edge is off the image
    }

    @Test func drawsOnPaletteAndGrayImages() throws {
        for bytes in [SyntheticImages.gif(frames: 1), try SyntheticImages.photo("skimage_camera.png")] {
            let image = try Image.decode(bytes)
            try image.drawRectangles([PixelRect(x: 0, y: 0, width: 1, height: 1)])
            #expect(try image.rgbPixels().prefix(3) == [255, 255, 255])
        }
    }

    @Test func encodesJPEGThatDecodesBack() throws {
        let image = try Image.decode(try SyntheticImages.photo("skimage_astronaut.png"))
        let jpeg = try image.jpegData(quality: 85)
        #expect(jpeg.starts(with: [0xFF, 0xD8, 0xFF]))
        #expect(jpeg.count > 10_000 && jpeg.count < 200_000)
        let decoded = try Image.decode(jpeg)
        #expect(decoded.format == .jpeg && decoded.width == 512 && decoded.height == 512)
    }

    @Test func jpegHasNoMetadata() throws {
        // flower.jpg carries EXIF; the output must not ("Exif" would follow an APP1 marker).
        let original = try SyntheticImages.photo("pillow_flower.jpg")
        #expect(original.firstRange(of: Array("Exif".utf8)) != nil)
        let jpeg = try Image.decode(original).jpegData()
        #expect(jpeg.firstRange(of: Array("Exif".utf8)) == nil)
    }

    @Test(arguments: [("mpl_grace_hopper.jpg", 218, 256), ("skimage_coffee.png", 256, 171), ("pillow_hopper.jpg", 128, 128)])
    func thumbnailFitsIn256(name: String, width: Int, height: Int) throws {
        let image = try Image.decode(try SyntheticImages.photo(name))
        let thumbnail = try image.thumbnail(maxSide: 256)
        #expect(thumbnail.width == width && thumbnail.height == height)
        #expect(image.width == (try Image.decode(try SyntheticImages.photo(name))).width)  // original untouched
        #expect(try thumbnail.jpegData().starts(with: [0xFF, 0xD8, 0xFF]))
    }
}
