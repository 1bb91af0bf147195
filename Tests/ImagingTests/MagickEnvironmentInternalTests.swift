import CMagickWand
@testable import Imaging
import Testing

@Suite struct MagickEnvironmentInternalTests {
    /// The process-wide limits are in force once any image was decoded: no disk spill, one thread.
    @Test func resourceLimitsAreSet() throws {
        _ = try Image.decode(SyntheticImages.gif(frames: 1))
        #expect(MagickGetResourceLimit(DiskResource) == 0)
        #expect(MagickGetResourceLimit(ThreadResource) == 1)
        // 3/8 of 1024 MB (no Lambda memory size here), or less where policy.xml caps it (Debian's: 256 MiB).
        let memory = MagickGetResourceLimit(MemoryResource)
        #expect(memory > 0 && memory <= 384 << 20)
        #expect(MagickGetResourceLimit(ListLengthResource) == 16)
        #expect(MagickGetResourceLimit(WidthResource) == 10_000)
    }

    /// The pixel cache's share follows the function's memory, with a floor for the smallest functions.
    @Test func limitsFollowTheFunctionsMemory() {
        func memory(_ megabytes: Int) -> MagickSizeType? {
            MagickEnvironment.limits(functionMemoryMB: megabytes).first { $0.0 == MemoryResource }?.1
        }
        #expect(memory(128) == 96 << 20)
        #expect(memory(1024) == 384 << 20)
        #expect(memory(10_240) == 3840 << 20)
        #expect(MagickEnvironment.limits(functionMemoryMB: 512).first { $0.0 == DiskResource }?.1 == 0)
    }
}
