import Foundation
import NIOCore
import NIOHTTP1

/// Collects one request (head, capped body, trailers), checks the caller, asks the responder, writes the response.
/// A refused caller gets its 403 without the responder running; a protocol error closes the connection.
final class RequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let maxBodySize: Int
    private let callerCheck: CallerCheck?
    private let watch: ConnectionWatch?
    private let responder: HTTPServer.Responder
    private let observer: HTTPServer.BodyObserver?
    private var bodySink: (@Sendable (ByteBuffer) -> Void)?
    private var head: HTTPRequestHead?
    private var refusal: String?
    private var body = ByteBuffer()
    private var bodyLength = 0

    init(
        maxBodySize: Int, callerCheck: CallerCheck?, watch: ConnectionWatch?, observer: HTTPServer.BodyObserver? = nil,
        responder: @escaping HTTPServer.Responder
    ) {
        self.observer = observer
        self.maxBodySize = maxBodySize
        self.callerCheck = callerCheck
        self.watch = watch
        self.responder = responder
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            watch?.requestStarted()
            head = requestHead
            refusal = callerCheck?.refusal(for: requestHead, port: context.channel.localAddress?.port ?? 0)
            body = context.channel.allocator.buffer(capacity: 0)
            bodyLength = 0
            bodySink = refusal == nil ? observer?(requestHead) : nil
        case .body(var chunk):
            guard refusal == nil else { return }
            bodySink?(chunk)
            bodyLength += chunk.readableBytes
            let room = maxBodySize - body.readableBytes
            if room > 0, var slice = chunk.readSlice(length: min(room, chunk.readableBytes)) {
                body.writeBuffer(&slice)
            }
        case .end(let trailers):
            guard let requestHead = head else { return }
            head = nil
            bodySink = nil
            if let refusal {
                self.refusal = nil
                let object = ["Type": "User", "Message": refusal, "message": refusal]
                let message =
                    (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
                    ?? Data()
                let response = ServerResponse(
                    status: .forbidden,
                    headers: ["Content-Type": "application/json", "x-amzn-ErrorType": "AccessDeniedException"],
                    body: ByteBuffer(bytes: message))
                Self.write(response, version: requestHead.version, keepAlive: false, context: context, watch: watch)
                return
            }
            let request = ServerRequest(
                head: requestHead, body: body, bodyLength: bodyLength, trailers: trailers,
                remoteAddress: context.channel.remoteAddress)
            body = ByteBuffer()
            let keepAlive = requestHead.isKeepAlive
            let loopBound = NIOLoopBound((context, watch), eventLoop: context.eventLoop)
            responder(request, context.eventLoop).hop(to: context.eventLoop).whenSuccess { response in
                let (context, watch) = loopBound.value
                Self.write(
                    response, version: requestHead.version, keepAlive: keepAlive, context: context, watch: watch,
                    isHead: requestHead.method == .HEAD)
            }
        }
    }

    /// Any error on the connection (a malformed request among them, already answered with 400 by NIO's protocol
    /// error handler) ends it: nothing after a parse error can be trusted to be a request.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private static func write(
        _ response: ServerResponse, version: HTTPVersion, keepAlive: Bool, context: ChannelHandlerContext,
        watch: ConnectionWatch?, isHead: Bool = false
    ) {
        var headers = response.headers
        headers.remove(name: "Transfer-Encoding")
        if response.stream != nil {
            headers.remove(name: "Content-Length")
            headers.replaceOrAdd(name: "Transfer-Encoding", value: "chunked")
        } else if !(isHead && headers.contains(name: "Content-Length") && response.body.readableBytes == 0) {
            // A HEAD answer keeps the length of the body it describes (S3's HeadObject through the services front).
            headers.replaceOrAdd(name: "Content-Length", value: String(response.body.readableBytes))
        }
        if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: version, status: response.status, headers: headers)
        context.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
        if response.body.readableBytes > 0 {
            context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(response.body))), promise: nil)
        }
        if let stream = response.stream {
            context.flush()
            let bound = NIOLoopBound((context, watch), eventLoop: context.eventLoop)
            let loop = context.eventLoop
            // Each part goes out when it arrives; the loop keeps their order.
            Task {
                for await part in stream {
                    loop.execute {
                        bound.value.0.writeAndFlush(NIOAny(HTTPServerResponsePart.body(.byteBuffer(part))), promise: nil)
                    }
                }
                loop.execute {
                    let (context, watch) = bound.value
                    finish(context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil))), keepAlive: keepAlive,
                        context: context, watch: watch)
                }
            }
            return
        }
        finish(
            context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil))), keepAlive: keepAlive, context: context,
            watch: watch)
    }

    /// After the response's end: close, or tell the watch the connection is idle again.
    private static func finish(
        _ done: EventLoopFuture<Void>, keepAlive: Bool, context: ChannelHandlerContext, watch: ConnectionWatch?
    ) {
        let channel = context.channel
        if !keepAlive {
            done.whenComplete { _ in channel.close(promise: nil) }
        } else if let watch {
            let bound = NIOLoopBound(watch, eventLoop: context.eventLoop)
            done.whenComplete { _ in bound.value.responseFinished() }
        }
    }
}
