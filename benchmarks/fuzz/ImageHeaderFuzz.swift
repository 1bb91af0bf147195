// libFuzzer target: the image header and structure checks that run before ImageMagick sees any byte
// (Sources/Imaging/ImageHeader.swift, ImageStructure.swift, ImageFormat.swift). Built with the sources
// compiled into this one module by run.sh; every format's walker sees every input.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImageHeader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    _ = ImageFormat.sniff(bytes)
    for format in [ImageFormat.png, .jpeg, .gif, .webp, .bmp] {
        if let header = ImageHeader.read(bytes, format: format) {
            precondition(header.width >= 0 && header.height >= 0, "negative size from the \(format) header")
        }
        do {
            try ImageStructure.check(bytes, format: format, limits: .default)
        } catch {
            precondition(!error.description.isEmpty)
        }
    }
    return 0
}
