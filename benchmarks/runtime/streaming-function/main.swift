// The streaming benchmark's function: streams `bytes` bytes in `chunk`-byte writes through the runtime's
// response writer. Driven by benchmarks/runtime/streaming.sh, next to a C client writing the same chunks.
import LambdaRuntime

struct Request: Decodable, Sendable {
    var bytes: Int
    var chunk: Int
}

LambdaRuntime.run(streaming: { (request: Request, writer: LambdaResponseWriter, _: LambdaContext) in
    let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: max(1, request.chunk))
    var left = request.bytes
    while left >= chunk.count {
        try await writer.write(chunk)
        left -= chunk.count
    }
    if left > 0 { try await writer.write(chunk[..<left].map { $0 }) }
})
