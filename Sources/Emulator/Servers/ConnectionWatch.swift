import NIOCore

/// The deadlines of one connection, first in its pipeline so that it sees every byte: an idle timeout while no
/// request is in flight and nothing arrives, a header timeout from a request's first byte to its complete head.
/// A request in flight has no deadline here (the function's own timeout bounds it). The request handler reports
/// heads and finished responses.
final class ConnectionWatch: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private enum Phase { case idle, readingHead, busy }

    private let headerTimeout: Duration?
    private let idleTimeout: Duration?
    private let connections: Connections
    private var phase = Phase.idle
    private var timer: Scheduled<Void>?
    private var context: ChannelHandlerContext?

    init(headerTimeout: Duration?, idleTimeout: Duration?, connections: Connections) {
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.connections = connections
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        arm(idleTimeout)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if phase == .idle {
            phase = .readingHead
            arm(headerTimeout)
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        context.fireChannelInactive()
    }

    /// A complete request head arrived.
    func requestStarted() {
        phase = .busy
        timer?.cancel()
        timer = nil
        if let channel = context?.channel { connections.setIdle(channel, false) }
    }

    /// The response is written; the connection waits for the next request.
    func responseFinished() {
        phase = .idle
        arm(idleTimeout)
        if let channel = context?.channel { connections.setIdle(channel, true) }
    }

    private func arm(_ limit: Duration?) {
        timer?.cancel()
        timer = nil
        guard let limit, let context else { return }
        let channel = context.channel
        timer = context.eventLoop.scheduleTask(in: .nanoseconds(Int64(limit / .nanoseconds(1)))) {
            channel.close(promise: nil)
        }
    }
}
