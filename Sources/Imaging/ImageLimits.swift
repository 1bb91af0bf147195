/// Limits applied to every decode, checked on the image header before any pixel is decoded.
///
/// ImageMagick's own resource limits (set once per process, see ``Image``) back these up inside the
/// coders: pixel cache memory 256 MiB, memory map 512 MiB, no disk, one thread, at most 16 frames,
/// 10000 pixels per side and 40 megapixels. Values above those cannot loosen them.
public struct ImageLimits: Hashable, Sendable {
    /// Largest encoded input in bytes.
    public var maxBytes: Int
    /// Widest image in pixels.
    public var maxWidth: Int
    /// Tallest image in pixels.
    public var maxHeight: Int
    /// Largest width × height.
    public var maxPixels: Int
    /// Most frames (GIF, APNG, MPO); only the first is decoded.
    public var maxFrames: Int
    /// Most bytes of metadata: PNG ancillary chunks, JPEG APPn and COM segments, GIF extensions.
    public var maxMetadataBytes: Int = 4 << 20
    /// Most bytes of compressed PNG metadata (zTXt, iTXt, iCCP), which zlib may inflate ~1,000-fold:
    /// 64 KiB inflates to 66 MB at worst; the largest common ICC profiles compress to a few KiB.
    public var maxCompressedMetadataBytes: Int = 64 << 10
    /// Most PNG chunks or JPEG marker segments.
    public var maxMetadataChunks: Int = 10_000
    /// Most JPEG scans (a progressive JPEG has about ten; each is another pass over the whole image).
    public var maxScans: Int = 100

    /// Creates limits.
    /// - Parameters:
    ///   - maxBytes: Largest encoded input in bytes.
    ///   - maxWidth: Widest image in pixels.
    ///   - maxHeight: Tallest image in pixels.
    ///   - maxPixels: Largest width × height.
    ///   - maxFrames: Most frames.
    public init(maxBytes: Int, maxWidth: Int, maxHeight: Int, maxPixels: Int, maxFrames: Int) {
        self.maxBytes = maxBytes
        self.maxWidth = maxWidth
        self.maxHeight = maxHeight
        self.maxPixels = maxPixels
        self.maxFrames = maxFrames
    }

    /// 32 MiB of input, 10000 pixels per side, 40 megapixels, 16 frames.
    public static let `default` = ImageLimits(
        maxBytes: 32 << 20, maxWidth: 10_000, maxHeight: 10_000, maxPixels: 40_000_000, maxFrames: 16)
}
