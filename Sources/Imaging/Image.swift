import CMagickWand

/// A decoded image held by an ImageMagick wand: upright (EXIF orientation applied), first frame only,
/// CMYK converted to sRGB.
///
/// Not `Sendable`: a wand must stay on one thread at a time. Use one `Image` per request.
public final class Image {
    let wand: OpaquePointer

    /// The format the input was recognised as.
    public let format: ImageFormat
    /// Width in pixels, after orientation.
    public var width: Int { Int(MagickGetImageWidth(wand)) }
    /// Height in pixels, after orientation.
    public var height: Int { Int(MagickGetImageHeight(wand)) }

    init(wand: OpaquePointer, format: ImageFormat) {
        self.wand = wand
        self.format = format
    }

    deinit {
        DestroyMagickWand(wand)
    }

    /// Decodes an image from untrusted bytes.
    ///
    /// The bytes must start like JPEG, PNG, GIF, WebP or BMP; the header is read first and the size and
    /// frame count checked against `limits` before any pixel is decoded; only the first frame is decoded.
    /// - Parameters:
    ///   - bytes: The encoded image.
    ///   - limits: Limits to enforce; ``ImageLimits/default`` unless given.
    /// - Returns: The decoded, upright image.
    /// - Throws: ``ImagingError`` of kind `emptyInput`, `unsupportedFormat`, `tooLarge`, `tooManyFrames`
    ///   or `corruptImage`.
    public static func decode(_ bytes: some Collection<UInt8>, limits: ImageLimits = .default)
        throws(ImagingError) -> Image
    {
        let result: Result<Image, ImagingError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(ImagingError) in try decode(UnsafeRawBufferPointer(buffer), limits: limits) }
        }
        if let result { return try result.get() }
        return try Array(bytes).withUnsafeBytes { buffer in
            Result { () throws(ImagingError) in try decode(buffer, limits: limits) }
        }.get()
    }

    private static func decode(_ bytes: UnsafeRawBufferPointer, limits: ImageLimits) throws(ImagingError) -> Image {
        guard !bytes.isEmpty, let base = bytes.baseAddress else { throw ImagingError(.emptyInput, "no bytes") }
        guard bytes.count <= limits.maxBytes else {
            throw ImagingError(.tooLarge, "\(bytes.count) bytes exceeds the \(limits.maxBytes)-byte limit")
        }
        guard let format = ImageFormat.sniff(bytes) else {
            throw ImagingError(.unsupportedFormat, "\(ImageFormat.describeUnknown(bytes)) is not JPEG, PNG, GIF, WebP or BMP")
        }
        guard let header = ImageHeader.read(bytes, format: format) else {
            throw ImagingError(.corruptImage, "cannot read the \(format.rawValue) header (truncated or damaged)")
        }
        try check(width: header.width, height: header.height, limits: limits)
        // Everything else a coder would allocate for: text and profile chunks, APPn markers, extensions.
        try ImageStructure.check(bytes, format: format, limits: limits)
        _ = MagickEnvironment.ready
        try MagickEnvironment.checkPixelCache(width: header.width, height: header.height)

        // ImageMagick's own reading of the header, the backstop for what ours does not cover.
        let probe = NewMagickWand()!
        defer { DestroyMagickWand(probe) }
        guard MagickPingImageBlob(probe, base, bytes.count) == MagickTrue else {
            throw readFailure(probe, what: "cannot read \(format.rawValue) header")
        }
        let frames = Int(MagickGetNumberImages(probe))
        guard frames <= limits.maxFrames else {
            throw ImagingError(.tooManyFrames, "\(frames) frames exceeds the \(limits.maxFrames)-frame limit")
        }
        MagickResetIterator(probe)
        _ = MagickNextImage(probe)
        let magickFormat = MagickGetImageFormat(probe).map { pointer in
            defer { _ = MagickRelinquishMemory(pointer) }
            return String(cString: pointer)
        } ?? ""
        guard format.matches(magickName: magickFormat) else {
            throw ImagingError(.unsupportedFormat, "starts like \(format.rawValue) but ImageMagick reads it as \(magickFormat)")
        }
        try check(width: Int(MagickGetImageWidth(probe)), height: Int(MagickGetImageHeight(probe)), limits: limits)

        let wand = NewMagickWand()!
        let image = Image(wand: wand, format: format)  // owns the wand from here on
        _ = MagickSetFilename(wand, "[0]")  // first frame only
        guard MagickReadImageBlob(wand, base, bytes.count) == MagickTrue else {
            throw readFailure(wand, what: "cannot decode \(format.rawValue)")
        }
        MagickResetIterator(wand)
        _ = MagickNextImage(wand)
        // Coders record data errors they recover from (a truncated JPEG is filled with grey) on the image,
        // not the wand: refuse such images rather than detect faces in filler.
        if let decoded = GetImageFromMagickWand(wand), decoded.pointee.exception.severity == CorruptImageWarning {
            let reason = decoded.pointee.exception.reason.map { String(cString: $0) } ?? ""
            throw ImagingError(.corruptImage, reason.isEmpty ? "damaged \(format.rawValue) data" : reason)
        }
        guard MagickAutoOrientImage(wand) == MagickTrue else {
            throw operationFailure(wand, "auto-orient")
        }
        if MagickGetImageColorspace(wand) == CMYKColorspace {
            guard MagickTransformImageColorspace(wand, sRGBColorspace) == MagickTrue else {
                throw operationFailure(wand, "CMYK to sRGB")
            }
        }
        return image
    }

    private static func check(width: Int, height: Int, limits: ImageLimits) throws(ImagingError) {
        guard width > 0, height > 0 else { throw ImagingError(.corruptImage, "header gives \(width)x\(height)") }
        guard width <= limits.maxWidth, height <= limits.maxHeight else {
            throw ImagingError(.tooLarge, "\(width)x\(height) exceeds the \(limits.maxWidth)x\(limits.maxHeight) limit")
        }
        guard width * height <= limits.maxPixels else {
            throw ImagingError(.tooLarge, "\(width)x\(height) (\(width * height) pixels) exceeds the \(limits.maxPixels)-pixel limit")
        }
    }

    /// Maps a failed ping or read to an error: resource limits are `tooLarge`, the rest `corruptImage`.
    private static func readFailure(_ wand: OpaquePointer, what: String) -> ImagingError {
        let (severity, message) = MagickEnvironment.exception(of: wand)
        let detail = message.isEmpty ? what : "\(what): \(message)"
        return ImagingError(MagickEnvironment.isResourceLimit(severity, message) ? .tooLarge : .corruptImage, detail)
    }

    func operationFailure(_ operation: String) -> ImagingError {
        Self.operationFailure(wand, operation)
    }

    static func operationFailure(_ wand: OpaquePointer, _ operation: String) -> ImagingError {
        let (severity, message) = MagickEnvironment.exception(of: wand)
        let kind: ImagingError.Kind = MagickEnvironment.isResourceLimit(severity, message) ? .tooLarge : .operationFailed
        return ImagingError(kind, message.isEmpty ? "\(operation) failed" : "\(operation): \(message)")
    }
}

@available(*, unavailable)
extension Image: Sendable {}
