import CMagickWand

extension Image {
    /// Draws the outline of each rectangle in white, `lineWidth` pixels thick, inside the rectangle's
    /// bounds (clipped to the image).
    ///
    /// Writes white bars with `MagickImportImagePixels` rather than stroking with a drawing wand, which
    /// rasterises over each outline's whole bounding box (ten times slower on large images).
    /// - Parameters:
    ///   - rectangles: The rectangles to outline.
    ///   - lineWidth: Line thickness in pixels.
    /// - Throws: ``ImagingError`` if ImageMagick cannot write the pixels.
    public func drawRectangles(_ rectangles: [PixelRect], lineWidth: Int = 2) throws(ImagingError) {
        let width = width, height = height
        let line = max(1, lineWidth)
        var white: [UInt8] = []
        for rect in rectangles {
            let thickX = min(line, rect.width), thickY = min(line, rect.height)
            let bars = [
                PixelRect(x: rect.x, y: rect.y, width: rect.width, height: thickY),
                PixelRect(x: rect.x, y: rect.y + rect.height - thickY, width: rect.width, height: thickY),
                PixelRect(x: rect.x, y: rect.y, width: thickX, height: rect.height),
                PixelRect(x: rect.x + rect.width - thickX, y: rect.y, width: thickX, height: rect.height),
            ]
            for bar in bars {
                guard let bar = bar.clipped(width: width, height: height) else { continue }
                let count = bar.width * bar.height * 3
                if white.count < count { white = [UInt8](repeating: 255, count: count) }
                let ok = white.withUnsafeBytes { buffer in
                    MagickImportImagePixels(wand, bar.x, bar.y, bar.width, bar.height, "RGB", CharPixel,
                                            buffer.baseAddress)
                }
                guard ok == MagickTrue else { throw operationFailure("draw rectangle") }
            }
        }
    }
}
