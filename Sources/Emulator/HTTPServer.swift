import NIOCore
import NIOHTTP1
import NIOPosix

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

/// A response for `HTTPServer` to write.
struct ServerResponse: Sendable {
    var status: HTTPResponseStatus
    var headers: HTTPHeaders
    var body: ByteBuffer

    init(status: HTTPResponseStatus, headers: HTTPHeaders = [:], body: ByteBuffer = ByteBuffer()) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// A small HTTP/1.1 server over NIO's async channels: each connection is served by one task, one request at a
/// time, so a long-polling handler (the Runtime API's `GET next`) simply awaits.
final class HTTPServer: Sendable {
    typealias Responder = @Sendable (ServerRequest) async -> ServerResponse

    let localAddress: SocketAddress
    private let serverChannel: any Channel
    private let task: Task<Void, Never>

    var port: Int { localAddress.port ?? 0 }

    /// Binds and starts serving.
    /// - Throws: `EmulatorError.portInUse` when the address is taken, or the bind error.
    static func start(
        host: String, port: Int, maxBodySize: Int, group: any EventLoopGroup, responder: @escaping Responder
    ) async throws -> HTTPServer {
        let server: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>
        do {
            server = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .bind(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                            wrappingChannelSynchronously: channel)
                    }
                }
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw EmulatorError.portInUse(host: host, port: port)
        }
        return HTTPServer(server: server, maxBodySize: maxBodySize, responder: responder)
    }

    private init(
        server: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>,
        maxBodySize: Int, responder: @escaping Responder
    ) {
        self.serverChannel = server.channel
        self.localAddress = server.channel.localAddress!
        self.task = Task {
            await withDiscardingTaskGroup { group in
                try? await server.executeThenClose { inbound in
                    for try await connection in inbound {
                        group.addTask {
                            await Self.serve(connection, maxBodySize: maxBodySize, responder: responder)
                        }
                    }
                }
                group.cancelAll()
            }
        }
    }

    /// Closes the listening socket and every connection, cancelling handlers that are waiting.
    func shutdown() async {
        try? await serverChannel.close()
        task.cancel()
        await task.value
    }

    private static func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, maxBodySize: Int,
        responder: Responder
    ) async {
        let remoteAddress = connection.channel.remoteAddress
        try? await withTaskCancellationHandler {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                var body = ByteBuffer()
                var bodyLength = 0
                for try await part in inbound {
                    switch part {
                    case .head(let requestHead):
                        head = requestHead
                        body = ByteBuffer()
                        bodyLength = 0
                    case .body(var chunk):
                        bodyLength += chunk.readableBytes
                        let room = maxBodySize - body.readableBytes
                        if room > 0 {
                            var slice = chunk.readSlice(length: min(room, chunk.readableBytes))!
                            body.writeBuffer(&slice)
                        }
                    case .end(let trailers):
                        guard let requestHead = head else { continue }
                        let request = ServerRequest(
                            head: requestHead, body: body, bodyLength: bodyLength, trailers: trailers,
                            remoteAddress: remoteAddress)
                        var response = await responder(request)
                        let keepAlive = requestHead.isKeepAlive && !Task.isCancelled
                        response.headers.replaceOrAdd(name: "Content-Length", value: String(response.body.readableBytes))
                        if !keepAlive { response.headers.replaceOrAdd(name: "Connection", value: "close") }
                        var responseHead = HTTPResponseHead(
                            version: requestHead.version, status: response.status, headers: response.headers)
                        responseHead.headers.remove(name: "Transfer-Encoding")
                        try await outbound.write(contentsOf: [
                            .head(responseHead), .body(.byteBuffer(response.body)), .end(nil),
                        ])
                        if !keepAlive { return }
                        head = nil
                    }
                }
            }
        } onCancel: {
            connection.channel.close(promise: nil)
        }
    }
}
