import CMagickWand  // getenv comes through its C headers; importing Glibc beside them clashes on fd_set

/// Process-wide ImageMagick set-up: `MagickWandGenesis` and the resource limits, once, before any
/// wand exists. Never torn down: `MagickWandTerminus` while requests may run would be a use-after-free.
enum MagickEnvironment {
    /// Touch before creating a wand; Swift runs a global's initialiser exactly once, thread-safely.
    static let ready: Bool = {
        MagickWandGenesis()
        for (resource, value) in limits(functionMemoryMB: functionMemoryMB()) {
            _ = MagickSetResourceLimit(resource, value)
        }
        return true
    }()

    /// The function's memory in MB (`AWS_LAMBDA_FUNCTION_MEMORY_SIZE`, which Lambda sets), 1024 elsewhere.
    static func functionMemoryMB() -> Int {
        guard let text = getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").map({ String(cString: $0) }),
              let value = Int(text), (128...10_240).contains(value)
        else { return 1024 }
        return value
    }

    /// ImageMagick's limits for a function of the given memory: the pixel cache may take 3/8 of it on the
    /// heap and 3/8 in maps (the rest is the process, the input, the detector's integral images), never less
    /// than 96 MiB each, and never more than policy.xml allows (a limit can only be lowered); never the disk;
    /// one thread. Past these, ImageMagick fails with a
    /// resource-limit error, which ``Image`` reports as `tooLarge`. No time limit: ImageMagick 6 measures
    /// `TimeResource` from its start-up, not per image, and would fail every decode of a long-lived
    /// execution environment; the function's own timeout bounds time.
    static func limits(functionMemoryMB: Int) -> [(ResourceType, MagickSizeType)] {
        let share = MagickSizeType(max(96, functionMemoryMB * 3 / 8)) << 20
        return [
            (WidthResource, 10_000),
            (HeightResource, 10_000),
            (AreaResource, 64_000_000),  // our 40-megapixel check is the real bound; this only keeps the cache in memory
            (MemoryResource, share),
            (MapResource, share),
            (DiskResource, 0),  // never spill the pixel cache to disk
            (ListLengthResource, 16),
            (ThreadResource, 1),  // no OpenMP fan-out; detection does its own threading
        ]
    }

    /// Memory a decode takes per pixel in ImageMagick 6 at Q16: the pixel cache's four 16-bit channels (8 bytes)
    /// plus the coder's own buffers. Measured with PNG under a 256 MiB memory limit: 3000×4000 decodes, 4000×4000
    /// fails inside the coder; 20 bytes a pixel separates the two.
    static let pixelCacheBytesPerPixel = 20

    /// Refuses, before decoding, an image whose pixel cache would not fit in the memory ImageMagick may use
    /// (our share of the function's memory, or less where policy.xml says so: Debian's and the zip's allow
    /// 256 MiB). Without the disk, ImageMagick would otherwise fail inside the coder with "cache resources
    /// exhausted", or with no message at all, which reads as a corrupt image.
    /// - Throws: ``ImagingError`` `.tooLarge` saying how much the image needs and how much there is.
    static func checkPixelCache(width: Int, height: Int) throws(ImagingError) {
        let needed = width * height * pixelCacheBytesPerPixel
        let available = Int(clamping: MagickGetResourceLimit(MemoryResource))
        guard needed <= available else {
            throw ImagingError(.tooLarge,
                "\(width)x\(height) needs about \(needed >> 20) MiB to decode, over the \(available >> 20) MiB ImageMagick may use here")
        }
    }

    /// The wand's pending exception as (severity, message), clearing it.
    static func exception(of wand: OpaquePointer) -> (severity: ExceptionType, message: String) {
        var severity = UndefinedException
        guard let text = MagickGetException(wand, &severity) else { return (severity, "") }
        defer { _ = MagickRelinquishMemory(text) }
        MagickClearException(wand)
        return (severity, String(cString: text))
    }

    /// Whether an exception is an exhausted resource: ImageMagick's resource-limit severities, or a coder
    /// that met one and passed it on under its own severity ("cache resources exhausted" from a JPEG or PNG
    /// coder arrives as a corrupt-image error).
    static func isResourceLimit(_ severity: ExceptionType, _ message: String = "") -> Bool {
        severity == ResourceLimitError || severity == ResourceLimitWarning || severity == ResourceLimitFatalError
            || message.contains("resources exhausted") || message.contains("MemoryAllocationFailed")
            || message.contains("memory allocation failed") || message.contains("exceeds limit")
    }
}
