import CMagickWand

extension Image {
    /// Encodes the image as a baseline JPEG, without metadata (EXIF, GPS and ICC are stripped from this
    /// image too; the orientation is already applied to the pixels).
    /// - Parameter quality: JPEG quality, 1 to 100.
    /// - Returns: The JPEG bytes.
    /// - Throws: ``ImagingError`` if encoding fails.
    public func jpegData(quality: Int = 85) throws(ImagingError) -> [UInt8] {
        guard MagickStripImage(wand) == MagickTrue else { throw operationFailure("strip metadata") }
        guard MagickSetImageFormat(wand, "JPEG") == MagickTrue else { throw operationFailure("set JPEG format") }
        guard MagickSetImageCompressionQuality(wand, max(1, min(100, quality))) == MagickTrue else {
            throw operationFailure("set JPEG quality")
        }
        var length = 0
        guard let blob = MagickGetImageBlob(wand, &length), length > 0 else {
            throw operationFailure("encode JPEG")
        }
        defer { _ = MagickRelinquishMemory(blob) }
        return Array(UnsafeBufferPointer(start: blob, count: length))
    }

    /// A copy scaled down to fit within `maxSide × maxSide` (aspect kept, never enlarged), without metadata.
    /// - Parameter maxSide: Longest side of the result in pixels.
    /// - Returns: The thumbnail as a new image.
    /// - Throws: ``ImagingError`` if resizing fails.
    public func thumbnail(maxSide: Int = 256) throws(ImagingError) -> Image {
        let width = width, height = height, side = max(1, maxSide)
        let scale = min(1, Double(side) / Double(max(width, height)))
        let thumbWidth = max(1, Int((Double(width) * scale).rounded()))
        let thumbHeight = max(1, Int((Double(height) * scale).rounded()))
        guard let copy = CloneMagickWand(wand) else { throw operationFailure("copy image") }
        let thumbnail = Image(wand: copy, format: format)
        guard MagickThumbnailImage(copy, thumbWidth, thumbHeight) == MagickTrue else {
            throw thumbnail.operationFailure("thumbnail")
        }
        return thumbnail
    }
}
