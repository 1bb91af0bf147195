import CMagickWand

/// Process-wide ImageMagick set-up: `MagickWandGenesis` and the resource limits, once, before any
/// wand exists. Never torn down: `MagickWandTerminus` while requests may run would be a use-after-free.
enum MagickEnvironment {
    /// Touch before creating a wand; Swift runs a global's initialiser exactly once, thread-safely.
    static let ready: Bool = {
        MagickWandGenesis()
        let limits: [(ResourceType, MagickSizeType)] = [
            (WidthResource, 10_000),
            (HeightResource, 10_000),
            (AreaResource, 40_000_000),
            (MemoryResource, 256 << 20),
            (MapResource, 512 << 20),
            (DiskResource, 0),  // never spill the pixel cache to disk
            (ListLengthResource, 16),
            (ThreadResource, 1),  // no OpenMP fan-out; detection does its own threading
        ]
        for (resource, value) in limits {
            _ = MagickSetResourceLimit(resource, value)
        }
        return true
    }()

    /// The wand's pending exception as (severity, message), clearing it.
    static func exception(of wand: OpaquePointer) -> (severity: ExceptionType, message: String) {
        var severity = UndefinedException
        guard let text = MagickGetException(wand, &severity) else { return (severity, "") }
        defer { _ = MagickRelinquishMemory(text) }
        MagickClearException(wand)
        return (severity, String(cString: text))
    }

    /// ImageMagick reports exceeded resource limits with these severities.
    static func isResourceLimit(_ severity: ExceptionType) -> Bool {
        severity == ResourceLimitError || severity == ResourceLimitWarning || severity == ResourceLimitFatalError
    }
}
