import CMagickWand

extension Image {
    /// The pixels as 8-bit RGB, row by row (`width * height * 3` bytes); alpha is dropped, not composited.
    /// - Returns: The RGB bytes.
    /// - Throws: ``ImagingError`` if ImageMagick cannot export the pixels.
    public func rgbPixels() throws(ImagingError) -> [UInt8] {
        let width = width, height = height
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        let ok = pixels.withUnsafeMutableBytes { buffer in
            MagickExportImagePixels(wand, 0, 0, width, height, "RGB", CharPixel, buffer.baseAddress)
        }
        guard ok == MagickTrue else { throw operationFailure("export RGB pixels") }
        return pixels
    }

    /// The pixels as 8-bit gray, row by row (`width * height` bytes), computed exactly as OpenCV 4's
    /// `cvtColor(BGR2GRAY)`: `(R*9798 + G*19235 + B*3735 + 16384) >> 15`. This, not ImageMagick's
    /// Rec.709 gray, is what makes detection match OpenCV.
    /// - Returns: The gray bytes.
    /// - Throws: ``ImagingError`` if ImageMagick cannot export the pixels.
    public func grayPixels() throws(ImagingError) -> [UInt8] {
        let width = width, height = height
        var gray = [UInt8](repeating: 0, count: width * height)
        // Export a band of rows at a time so the RGB copy stays small.
        let bandRows = max(1, min(height, (1 << 20) / max(1, width * 3)))
        var rgb = [UInt8](repeating: 0, count: bandRows * width * 3)
        var top = 0
        while top < height {
            let rows = min(bandRows, height - top)
            let ok = rgb.withUnsafeMutableBytes { buffer in
                MagickExportImagePixels(wand, 0, top, width, rows, "RGB", CharPixel, buffer.baseAddress)
            }
            guard ok == MagickTrue else { throw operationFailure("export RGB pixels") }
            rgb.withUnsafeBufferPointer { source in
                gray.withUnsafeMutableBufferPointer { destination in
                    let out = destination.baseAddress! + top * width
                    for index in 0..<(rows * width) {
                        let r = UInt32(source[3 * index]), g = UInt32(source[3 * index + 1])
                        let b = UInt32(source[3 * index + 2])
                        out[index] = UInt8(truncatingIfNeeded: (r &* 9798 &+ g &* 19235 &+ b &* 3735 &+ 16384) >> 15)
                    }
                }
            }
            top += rows
        }
        return gray
    }
}
