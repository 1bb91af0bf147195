import CMagickWand
@testable import Imaging
import Testing

@Suite struct MagickEnvironmentInternalTests {
    /// The process-wide limits are in force once any image was decoded: no disk spill, one thread.
    @Test func resourceLimitsAreSet() throws {
        _ = try Image.decode(SyntheticImages.gif(frames: 1))
        #expect(MagickGetResourceLimit(DiskResource) == 0)
        #expect(MagickGetResourceLimit(ThreadResource) == 1)
        #expect(MagickGetResourceLimit(MemoryResource) == 256 << 20)
        #expect(MagickGetResourceLimit(ListLengthResource) == 16)
        #expect(MagickGetResourceLimit(WidthResource) == 10_000)
    }
}
