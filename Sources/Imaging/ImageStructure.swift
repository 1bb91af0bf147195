/// Walks an image's container structure before ImageMagick sees it, refusing what the header check
/// cannot see: a 1 MB PNG whose zTXt chunk inflates to 1 GB, thousands of JPEG APPn markers, a GIF
/// carrying megabytes of comments, a progressive JPEG with thousands of scans. The walk reads lengths
/// and types only (no decompression) and stops at the first problem, so a refusal takes microseconds.
enum ImageStructure {
    /// Checks the structure against the limits.
    /// - Throws: ``ImagingError`` `.tooMuchMetadata` (metadata, chunks or scans over a limit), `.tooManyFrames`, or
    ///   `.corruptImage` (a PNG or GIF structure that does not parse; a damaged JPEG is left to the decoder).
    static func check(_ bytes: UnsafeRawBufferPointer, format: ImageFormat, limits: ImageLimits) throws(ImagingError) {
        switch format {
        case .png: try png(ByteReader(bytes: bytes), limits: limits)
        case .jpeg: try jpeg(ByteReader(bytes: bytes), limits: limits)
        case .gif: try gif(bytes, limits: limits)
        case .webp, .bmp: break  // no compressed metadata ImageMagick inflates; sizes are bounded by the input
        }
    }

    /// PNG: length, type, data, CRC per chunk, from IHDR to IEND. zlib inflates up to ~1,032×, so compressed
    /// metadata (zTXt, iTXt, iCCP) has its own, much smaller cap.
    private static func png(_ reader: ByteReader, limits: ImageLimits) throws(ImagingError) {
        var offset = 8
        var metadata = 0
        var compressed = 0
        var chunks = 0
        while true {
            guard let length = reader.bigEndian32(at: offset), length <= Int(Int32.max),
                  let type = reader.bigEndian32(at: offset + 4), offset + 12 + length <= reader.bytes.count
            else {
                throw ImagingError(.corruptImage, "damaged PNG chunk structure at byte \(offset)")
            }
            chunks += 1
            guard chunks <= limits.maxMetadataChunks else {
                throw ImagingError(.tooMuchMetadata, "more than \(limits.maxMetadataChunks) PNG chunks")
            }
            switch type {
            case 0x4945_4E44:  // IEND
                return
            case 0x4944_4154, 0x504C_5445, 0x4948_4452:  // IDAT, PLTE, IHDR: bounded by the dimensions
                break
            case 0x7A54_5874, 0x6954_5874, 0x6943_4350:  // zTXt, iTXt, iCCP: inflated by the decoder
                compressed += length
                metadata += length
            case 0x6163_544C:  // acTL (APNG): the frame count
                if let frames = reader.bigEndian32(at: offset + 8), frames > limits.maxFrames {
                    throw ImagingError(.tooManyFrames, "\(frames) frames exceeds the \(limits.maxFrames)-frame limit")
                }
                metadata += length
            default:
                metadata += length
            }
            guard compressed <= limits.maxCompressedMetadataBytes else {
                throw ImagingError(.tooMuchMetadata,
                    "compressed PNG text and profile chunks hold over \(limits.maxCompressedMetadataBytes) bytes (they inflate up to 1,000 times)")
            }
            guard metadata <= limits.maxMetadataBytes else {
                throw ImagingError(.tooMuchMetadata, "PNG metadata chunks hold over \(limits.maxMetadataBytes) bytes")
            }
            offset += 12 + length
        }
    }

    /// JPEG: every marker segment up to the end of image, entropy-coded data skipped; APPn and COM counted
    /// as metadata, start-of-scan markers as scans (each progressive scan is another pass over the image).
    private static func jpeg(_ reader: ByteReader, limits: ImageLimits) throws(ImagingError) {
        var offset = 2
        var metadata = 0
        var scans = 0
        var segments = 0
        while offset < reader.bytes.count {
            // Stray bytes before a marker: libjpeg skips them with a warning, and so does this walk.
            while let byte = reader.byte(at: offset), byte != 0xFF { offset += 1 }
            while reader.byte(at: offset) == 0xFF { offset += 1 }  // fill bytes
            guard let marker = reader.byte(at: offset) else { return }
            offset += 1
            segments += 1
            guard segments <= limits.maxMetadataChunks else {
                throw ImagingError(.tooMuchMetadata, "more than \(limits.maxMetadataChunks) JPEG marker segments")
            }
            switch marker {
            case 0xD9:  // end of image: what follows is not ours to judge (ImageMagick stops here too)
                return
            case 0x01, 0xD0...0xD7:
                continue  // markers without a length
            default:
                // Truncated segments are left to the decoder, which reports them as corrupt with its reason.
                guard let length = reader.bigEndian16(at: offset), length >= 2 else { return }
                if (0xE0...0xEF).contains(marker) || marker == 0xFE {
                    metadata += length
                    guard metadata <= limits.maxMetadataBytes else {
                        throw ImagingError(.tooMuchMetadata, "JPEG metadata (APPn, COM) holds over \(limits.maxMetadataBytes) bytes")
                    }
                }
                offset += length
                if marker == 0xDA {
                    scans += 1
                    guard scans <= limits.maxScans else {
                        throw ImagingError(.tooMuchMetadata, "more than \(limits.maxScans) JPEG scans")
                    }
                    offset = skipEntropyCodedData(reader, from: offset)
                }
            }
        }
    }

    /// The offset of the next marker after a scan's data: 0xFF followed by neither 0x00 (a stuffed byte)
    /// nor a restart marker.
    private static func skipEntropyCodedData(_ reader: ByteReader, from start: Int) -> Int {
        var offset = start
        let bytes = reader.bytes
        while offset + 1 < bytes.count {
            if bytes[offset] == 0xFF {
                let next = bytes[offset + 1]
                if next != 0x00 && !(0xD0...0xD7).contains(next) && next != 0xFF { return offset }
            }
            offset += 1
        }
        return bytes.count
    }

    private static func gif(_ bytes: UnsafeRawBufferPointer, limits: ImageLimits) throws(ImagingError) {
        guard let blocks = ImageHeader.gifBlocks(bytes) else {
            throw ImagingError(.corruptImage, "damaged GIF block structure")
        }
        guard blocks.frames <= limits.maxFrames else {
            throw ImagingError(.tooManyFrames, "\(blocks.frames) frames exceeds the \(limits.maxFrames)-frame limit")
        }
        guard blocks.extensionBytes <= limits.maxMetadataBytes else {
            throw ImagingError(.tooMuchMetadata, "GIF extensions (comments, application data) hold over \(limits.maxMetadataBytes) bytes")
        }
    }
}
