// libFuzzer target: the runtime's strict parser of Runtime API response heads
// (Sources/Runtime/HTTPClient/HTTPHeadParser.swift), which reads whatever the peer sends.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHeadParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    if let head = try? HTTPHeadParser.parse(bytes) {
        precondition((100...999).contains(head.status), "status \(head.status) accepted")
    }
    return 0
}
