import NIOCore
import NIOHTTP1
import Synchronization

/// The Runtime API (`/2018-06-01/runtime/…`) of one execution environment, over `FunctionPool`.
enum RuntimeAPI {
    static func respond(to request: ServerRequest, pool: FunctionPool, instance: Int, on loop: any EventLoop)
        -> EventLoopFuture<ServerResponse>
    {
        let path = request.head.uri.split(separator: "?", maxSplits: 1).first ?? ""
        if request.head.method == .GET, path == "/2018-06-01/runtime/invocation/next" {
            return pool.next(instance, on: loop).map(nextResponse)
        }
        return loop.makeSucceededFuture(respond(to: request, pool: pool, instance: instance))
    }

    /// For a streamed `/response` of an invocation this instance runs: where each part of its body goes as it
    /// arrives (the invocation, and from there its caller). The whole body still reaches `respond` at its end.
    static func streamSink(for head: HTTPRequestHead, pool: FunctionPool, instance: Int) -> (@Sendable (ByteBuffer) -> Void)? {
        guard head.method == .POST,
            head.headers.first(name: "Lambda-Runtime-Function-Response-Mode")?.lowercased() == "streaming"
        else { return nil }
        let parts = head.uri.split(separator: "?", maxSplits: 1).first?.split(separator: "/") ?? []
        guard parts.count == 5, parts[0] == "2018-06-01", parts[1] == "runtime", parts[2] == "invocation",
            parts[4] == "response", let invocation = pool.runningInvocation(instance, requestID: String(parts[3]))
        else { return nil }
        let forwarded = ForwardedBytes()
        return { buffer in
            // Nothing past Lambda's limit reaches the caller; the end of the request fails the invocation.
            let room = forwarded.take(buffer.readableBytes, limit: FunctionPool.streamingResponseLimit)
            if room > 0 { invocation.streamed(Array(buffer.readableBytesView.prefix(room))) }
        }
    }

    private static func respond(to request: ServerRequest, pool: FunctionPool, instance: Int) -> ServerResponse {
        let path = request.head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count >= 3, parts[0] == "2018-06-01", parts[1] == "runtime" else {
            return error(.notFound, type: "NotFound", message: "Unknown Runtime API path \(path)")
        }
        let method = request.head.method
        let route = Array(parts.dropFirst(2))
        let routeRequestID = route.count == 3 && route[0] == "invocation" ? route[1] : ""
        let action = route.count == 3 && route[0] == "invocation" ? route[2] : route.joined(separator: "/")
        switch (method, action) {
        case (.POST, "response"):
            let requestID = routeRequestID
            let mode = request.head.headers.first(name: "Lambda-Runtime-Function-Response-Mode")
            if let mode, mode.lowercased() != "streaming" {
                return error(
                    .badRequest, type: "Runtime.InvalidResponseModeHeader",
                    message: "Invalid Lambda-Runtime-Function-Response-Mode: \(mode); the only mode is streaming")
            }
            var trailers: [String: String] = [:]
            for (name, value) in request.trailers ?? [:] { trailers[name.lowercased()] = value }
            let outcome = pool.response(
                instance, requestID: requestID,
                invocationID: request.head.headers.first(name: "Lambda-Runtime-Invocation-Id"),
                body: Array(buffer: request.body), bodyLength: request.bodyLength,
                contentType: request.head.headers.first(name: "Content-Type"), isStreaming: mode != nil,
                trailers: trailers)
            return response(for: outcome)
        case (.POST, "error"):
            let requestID = routeRequestID
            let outcome = pool.error(
                instance, requestID: requestID,
                invocationID: request.head.headers.first(name: "Lambda-Runtime-Invocation-Id"),
                body: Array(buffer: request.body),
                errorTypeHeader: request.head.headers.first(name: "Lambda-Runtime-Function-Error-Type"))
            return response(for: outcome)
        case (.POST, "init/error"):
            let outcome = pool.initError(
                instance, body: Array(buffer: request.body),
                errorTypeHeader: request.head.headers.first(name: "Lambda-Runtime-Function-Error-Type"))
            return response(for: outcome)
        default:
            return error(.notFound, type: "NotFound", message: "Unknown Runtime API endpoint \(method) \(path)")
        }
    }

    private static func nextResponse(_ outcome: FunctionPool.NextOutcome) -> ServerResponse {
        switch outcome {
        case .deliver(let invocation, let deadline):
            var headers: HTTPHeaders = [
                "Lambda-Runtime-Aws-Request-Id": invocation.requestID,
                "Lambda-Runtime-Deadline-Ms": String(deadline),
                "Lambda-Runtime-Invoked-Function-Arn": invocation.invokedARN,
                "Lambda-Runtime-Trace-Id": invocation.traceID,
                "Lambda-Runtime-Invocation-Id": invocation.invocationID,
                "Content-Type": invocation.request.contentType,
            ]
            if let context = invocation.request.clientContext, !context.isEmpty {
                headers.add(name: "Lambda-Runtime-Client-Context", value: context)
            }
            if let identity = invocation.request.cognitoIdentity, !identity.isEmpty {
                headers.add(name: "Lambda-Runtime-Cognito-Identity", value: identity)
            }
            return ServerResponse(status: .ok, headers: headers, body: ByteBuffer(bytes: invocation.request.payload))
        case .forbidden(let message):
            return error(.forbidden, type: "InvalidStateTransition", message: message)
        case .gone:
            return error(.internalServerError, type: "InternalServerError", message: "The execution environment is shutting down")
        }
    }

    private static func response(for outcome: FunctionPool.PostOutcome) -> ServerResponse {
        switch outcome {
        case .accepted:
            return ServerResponse(
                status: .accepted, headers: ["Content-Type": "application/json"],
                body: ByteBuffer(string: #"{"status":"OK"}"#))
        case .unknownRequest(let message): return error(.badRequest, type: "InvalidRequestID", message: message)
        case .wrongState(let message): return error(.forbidden, type: "InvalidStateTransition", message: message)
        case .gone(let message): return error(.gone, type: "InvocationGone", message: message)
        case .tooLarge:
            return error(
                .payloadTooLarge, type: "RequestEntityTooLarge",
                message: "Exceeded maximum allowed payload size (\(FunctionPool.responseLimit) bytes).")
        }
    }

    static func error(_ status: HTTPResponseStatus, type: String, message: String) -> ServerResponse {
        ServerResponse(
            status: status, headers: ["Content-Type": "application/json"],
            body: ByteBuffer(bytes: Invocation.errorJSON(type: type, message: message)))
    }
}

/// How many bytes of one streamed response were forwarded so far.
private final class ForwardedBytes: Sendable {
    private let total = Mutex(0)

    /// Counts `count` more bytes; returns how many of them are still under `limit`.
    func take(_ count: Int, limit: Int) -> Int {
        total.withLock { total in
            defer { total += count }
            return max(0, min(count, limit - total))
        }
    }
}
