import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A small HTTP/1.1 server on NIO channel handlers. Responders answer with a future, so the Runtime API answers
/// on the event loop without a task hop, and a long poll (`GET next`) is simply a future completed later.
/// NIO's pipelining handler keeps one request in flight per connection.
final class HTTPServer: Sendable {
    typealias Responder = @Sendable (ServerRequest, any EventLoop) -> EventLoopFuture<ServerResponse>

    let localAddress: SocketAddress
    private let serverChannel: any Channel
    private let connections: Connections

    var port: Int { localAddress.port ?? 0 }

    /// Binds and starts serving with a responder that answers with a future.
    /// - Throws: `EmulatorError.portInUse` when the address is taken, or the bind error.
    static func start(
        host: String, port: Int, maxBodySize: Int, group: any EventLoopGroup, responder: @escaping Responder
    ) async throws -> HTTPServer {
        let connections = Connections()
        let channel: any Channel
        do {
            channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    connections.add(channel)
                    return channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        try channel.pipeline.syncOperations.addHandler(
                            RequestHandler(maxBodySize: maxBodySize, responder: responder))
                    }
                }
                .bind(host: host, port: port).get()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw EmulatorError.portInUse(host: host, port: port)
        }
        return HTTPServer(channel: channel, connections: connections)
    }

    /// Binds and starts serving with an async responder (one task per request).
    static func start(
        host: String, port: Int, maxBodySize: Int, group: any EventLoopGroup,
        asyncResponder: @escaping @Sendable (ServerRequest) async -> ServerResponse
    ) async throws -> HTTPServer {
        try await start(host: host, port: port, maxBodySize: maxBodySize, group: group) { request, loop in
            let promise = loop.makePromise(of: ServerResponse.self)
            promise.completeWithTask { await asyncResponder(request) }
            return promise.futureResult
        }
    }

    private init(channel: any Channel, connections: Connections) {
        self.serverChannel = channel
        self.localAddress = channel.localAddress!
        self.connections = connections
    }

    /// Closes the listening socket and every connection.
    func shutdown() async {
        try? await serverChannel.close()
        for channel in connections.all() { try? await channel.close() }
    }
}

/// The open connections of a server, so that shutdown can close them.
private final class Connections: Sendable {
    private let channels = Mutex<[ObjectIdentifier: any Channel]>([:])

    func add(_ channel: any Channel) {
        let key = ObjectIdentifier(channel)
        channels.withLock { $0[key] = channel }
        channel.closeFuture.whenComplete { [self] _ in _ = channels.withLock { $0.removeValue(forKey: key) } }
    }

    func all() -> [any Channel] { channels.withLock { Array($0.values) } }
}

/// Collects one request (head, capped body, trailers), asks the responder, writes the response.
private final class RequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let maxBodySize: Int
    private let responder: HTTPServer.Responder
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()
    private var bodyLength = 0

    init(maxBodySize: Int, responder: @escaping HTTPServer.Responder) {
        self.maxBodySize = maxBodySize
        self.responder = responder
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = context.channel.allocator.buffer(capacity: 0)
            bodyLength = 0
        case .body(var chunk):
            bodyLength += chunk.readableBytes
            let room = maxBodySize - body.readableBytes
            if room > 0, var slice = chunk.readSlice(length: min(room, chunk.readableBytes)) {
                body.writeBuffer(&slice)
            }
        case .end(let trailers):
            guard let requestHead = head else { return }
            head = nil
            let request = ServerRequest(
                head: requestHead, body: body, bodyLength: bodyLength, trailers: trailers,
                remoteAddress: context.channel.remoteAddress)
            body = ByteBuffer()
            let keepAlive = requestHead.isKeepAlive
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            responder(request, context.eventLoop).hop(to: context.eventLoop).whenSuccess { response in
                Self.write(response, version: requestHead.version, keepAlive: keepAlive, context: loopBound.value)
            }
        }
    }

    private static func write(
        _ response: ServerResponse, version: HTTPVersion, keepAlive: Bool, context: ChannelHandlerContext
    ) {
        var headers = response.headers
        headers.remove(name: "Transfer-Encoding")
        headers.replaceOrAdd(name: "Content-Length", value: String(response.body.readableBytes))
        if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: version, status: response.status, headers: headers)
        context.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
        if response.body.readableBytes > 0 {
            context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(response.body))), promise: nil)
        }
        let done = context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)))
        if !keepAlive {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
