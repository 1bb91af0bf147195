import NIOCore
import NIOHTTP1

/// A response for `HTTPServer` to write.
struct ServerResponse: Sendable {
    var status: HTTPResponseStatus
    var headers: HTTPHeaders
    var body: ByteBuffer
    /// More body written as it arrives (chunked), after `body`; the response ends when the stream does.
    var stream: AsyncStream<ByteBuffer>?

    init(
        status: HTTPResponseStatus, headers: HTTPHeaders = [:], body: ByteBuffer = ByteBuffer(),
        stream: AsyncStream<ByteBuffer>? = nil
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.stream = stream
    }
}
