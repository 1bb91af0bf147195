import Foundation
import Imaging
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Decompression bombs and disguised or broken inputs: each is refused quickly, with a clear error,
/// without the memory a decode would need (a 20000² image needs 3.2 GB in ImageMagick's Q16 cache).
@Suite(.serialized) struct HostileInputTests {
    static let svg = Array("""
        <?xml version="1.0"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="30000" height="30000"><rect width="10" height="10"/></svg>
        """.utf8)

    func expectRefused(
        _ bytes: [UInt8], _ kind: ImagingError.Kind, mentioning words: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let clock = ContinuousClock()
        let start = clock.now
        let error = #expect(throws: ImagingError.self, sourceLocation: sourceLocation) { try Image.decode(bytes) }
        let elapsed = clock.now - start
        #expect(error?.kind == kind, "\(String(describing: error))", sourceLocation: sourceLocation)
        for word in words {
            #expect(error?.description.contains(word) == true, "\(String(describing: error))", sourceLocation: sourceLocation)
        }
        // Refusals read a header at most; generous bound for a loaded CI machine with a debug build.
        #expect(elapsed < .seconds(3), "took \(elapsed)", sourceLocation: sourceLocation)
        // The whole test process (other suites included) stays far below what a decoded bomb needs.
        #expect(peakMemoryMB() < 700, "peak RSS \(peakMemoryMB()) MB", sourceLocation: sourceLocation)
    }

    @Test func png20000Squared() {
        let png = SyntheticImages.blackPNG(width: 20000, height: 20000)
        expectRefused(png, .tooLarge, mentioning: ["20000"])
    }

    /// Above our 10000-pixel side limit but below Debian's policy.xml (16000): our limits are in force.
    @Test func png12000Wide() {
        expectRefused(SyntheticImages.blackPNG(width: 12000, height: 100), .tooLarge, mentioning: ["12000"])
    }

    /// Within the side limits but over 40 megapixels.
    @Test func png49Megapixels() {
        expectRefused(SyntheticImages.blackPNG(width: 7000, height: 7000), .tooLarge, mentioning: ["7000x7000"])
    }

    @Test func jpegClaiming30000Squared() throws {
        expectRefused(try SyntheticImages.jpegClaiming(width: 30000, height: 30000), .tooLarge, mentioning: [])
    }

    /// The bomb, scaled: a 1.3 MB PNG whose zTXt chunk inflates to 200 MB (the reported one: 1 GB).
    @Test func pngWithAZTXtBomb() {
        let png = SyntheticImages.blackPNG(width: 64, height: 64, textInflatingTo: 200 << 20)
        #expect(png.count > 1_000_000)
        expectRefused(png, .tooMuchMetadata, mentioning: ["compressed PNG text"])
    }

    /// A modest compressed comment (well under the cap) still decodes.
    @Test func pngWithASmallZTXtDecodes() throws {
        let image = try Image.decode(SyntheticImages.blackPNG(width: 64, height: 64, textInflatingTo: 100_000))
        #expect(image.width == 64)
    }

    @Test func jpegWithMegabytesOfAPPSegments() throws {
        expectRefused(try SyntheticImages.jpeg(appSegments: 80, size: 65_000), .tooMuchMetadata, mentioning: ["APPn"])
    }

    @Test func jpegWithAFloodOfScans() throws {
        expectRefused(try SyntheticImages.jpeg(scans: 500), .tooMuchMetadata, mentioning: ["scans"])
    }

    @Test func gifWithMegabytesOfComments() {
        expectRefused(SyntheticImages.gif(comments: 20_000), .tooMuchMetadata, mentioning: ["GIF extensions"])
    }

    /// Inside the 40-megapixel limit but over ImageMagick's memory (256 MiB under Debian's policy.xml): refused at
    /// once as too large, saying why, never "corrupt" (which is what ImageMagick's PNG coder reported).
    @Test(arguments: [(8000, 5000), (5000, 8000), (4000, 4000)])
    func pngOverImageMagicksMemoryIsRefusedAsTooLargeNotCorrupt(width: Int, height: Int) {
        expectRefused(SyntheticImages.blackPNG(width: width, height: height), .tooLarge, mentioning: ["MiB to decode"])
    }

    /// What fits still decodes.
    @Test func png12MegapixelsDecodes() throws {
        let image = try Image.decode(SyntheticImages.blackPNG(width: 3000, height: 4000))
        #expect(image.width == 3000 && image.height == 4000)
    }


    @Test func gifWith20Frames() {
        expectRefused(SyntheticImages.gif(frames: 20), .tooManyFrames, mentioning: ["20"])
    }

    @Test func svgRenamedJPEG() {
        expectRefused(Self.svg, .unsupportedFormat, mentioning: ["SVG"])
    }

    @Test func otherTextFormats() {
        expectRefused(Array("<?xml version=\"1.0\"?><image><read filename=\"x.png\"/></image>".utf8),
                      .unsupportedFormat, mentioning: ["XML"])  // MSL
        expectRefused(Array("push graphic-context\nviewbox 0 0 10 10\n".utf8), .unsupportedFormat, mentioning: ["text"])  // MVG
        expectRefused([0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34, 0x0A, 0x80, 0x81], .unsupportedFormat,
                      mentioning: ["25 50 44 46"])  // PDF
    }

    @Test(arguments: [0.5, 0.9])
    func truncatedJPEG(fraction: Double) throws {
        let jpeg = try SyntheticImages.photo("mpl_grace_hopper.jpg")
        expectRefused(Array(jpeg.prefix(Int(Double(jpeg.count) * fraction))), .corruptImage, mentioning: [])
    }

    @Test func truncatedJPEGHeader() throws {
        let jpeg = try SyntheticImages.photo("mpl_grace_hopper.jpg")
        expectRefused(Array(jpeg.prefix(40)), .corruptImage, mentioning: ["JPEG"])
    }

    @Test func truncatedPNG() {
        let png = SyntheticImages.blackPNG(width: 300, height: 300)
        expectRefused(Array(png.prefix(png.count - 30)), .corruptImage, mentioning: [])
    }

    @Test func zeroBytes() {
        expectRefused([], .emptyInput, mentioning: [])
    }

    @Test func inputOverByteLimit() throws {
        let limits = ImageLimits(maxBytes: 1000, maxWidth: 100, maxHeight: 100, maxPixels: 10_000, maxFrames: 1)
        let error = #expect(throws: ImagingError.self) { try Image.decode(try SyntheticImages.photo("pillow_hopper.jpg"), limits: limits) }
        #expect(error?.kind == .tooLarge)
        #expect(error?.description.contains("1000-byte") == true)
    }

    @Test func callerLimitsTighten() throws {
        let limits = ImageLimits(maxBytes: 1 << 20, maxWidth: 100, maxHeight: 100, maxPixels: 10_000, maxFrames: 2)
        let error = #expect(throws: ImagingError.self) { try Image.decode(try SyntheticImages.photo("pillow_hopper.jpg"), limits: limits) }
        #expect(error?.kind == .tooLarge)
        #expect(error?.description.contains("128x128") == true)
        let frames = #expect(throws: ImagingError.self) { try Image.decode(SyntheticImages.gif(frames: 3), limits: limits) }
        #expect(frames?.kind == .tooManyFrames)
    }
}

/// Peak resident memory of this test process, in MB.
func peakMemoryMB() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss / 1024
}
