import NIOCore
import NIOHTTP1

/// A request read in full by `HTTPServer`, trailers included.
struct ServerRequest: Sendable {
    var head: HTTPRequestHead
    /// The body, cut at the server's `maxBodySize`.
    var body: ByteBuffer
    /// The body's real length, which exceeds `body.readableBytes` when the body was over the limit.
    var bodyLength: Int
    var trailers: HTTPHeaders?
    var remoteAddress: SocketAddress?

    var isBodyOverLimit: Bool { bodyLength > body.readableBytes }
}
