import NIOCore
import NIOHTTP1

/// The endpoint the functions and the user are given for the local AWS services: a loopback proxy in front of
/// moto_server, behind the same caller check as the emulator's other servers.
///
/// moto_server checks neither `Host` nor `Origin`, so a web page could read or write the user's buckets through
/// DNS rebinding or a cross-site request; the front refuses those before anything reaches moto. Requests that pass
/// are forwarded unchanged (method, path, query, headers, body), so SigV4-signed calls of any service still verify.
struct ServicesFront: Sendable {
    private let upstream: ServicesUpstream

    /// Largest request body forwarded (an S3 PutObject or upload part); larger ones get 413.
    static let bodyLimit = 256 * 1024 * 1024

    /// Hop-by-hop headers and those the forwarding connection sets itself.
    private static let droppedRequestHeaders: Set<String> = [
        "host", "connection", "keep-alive", "transfer-encoding", "content-length", "expect", "te", "upgrade",
        "proxy-connection",
    ]
    private static let droppedResponseHeaders: Set<String> = [
        "connection", "keep-alive", "transfer-encoding", "server", "date",
        // No web page may read the answers, whatever moto says (requests with an Origin never get here anyway).
        "access-control-allow-origin", "access-control-allow-credentials", "access-control-expose-headers",
    ]

    /// A signature header of the local dummy keys; moto accepts any signature, and needs one to serve a private
    /// object.
    private static let localReader =
        "AWS4-HMAC-SHA256 Credential=\(EmulatorConfiguration.dummyCredentials["AWS_ACCESS_KEY_ID"]!)/20000101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0"

    /// A plain GET or HEAD with neither an `Authorization` header nor a presigned query.
    static func isUnsignedRead(_ head: HTTPRequestHead) -> Bool {
        (head.method == .GET || head.method == .HEAD) && !head.headers.contains(name: "Authorization")
            && !head.uri.contains("X-Amz-Signature=") && !head.uri.contains("Signature=")
    }

    /// - Parameter upstream: moto's own address, e.g. `http://127.0.0.1:41234`.
    init(upstream: String) { self.upstream = ServicesUpstream(base: upstream) }

    /// Starts serving on `host:port` with the loopback caller check (no browser calls, any body type).
    static func start(
        upstream: String, host: String, port: Int, allowedHosts: [String], group: any EventLoopGroup
    ) async throws -> HTTPServer {
        let front = ServicesFront(upstream: upstream)
        let policy = ServerPolicy(
            callerCheck: .loopback(alsoAllow: allowedHosts, refusesBrowsers: true, checksBodyType: false),
            headerTimeout: .seconds(10), idleTimeout: .seconds(60), maxConnections: 256)
        return try await HTTPServer.start(
            host: host, port: port, maxBodySize: bodyLimit + 1, policy: policy, group: group,
            asyncResponder: { request in await front.forward(request) })
    }

    /// Forwards one request to moto and answers with moto's answer.
    func forward(_ request: ServerRequest) async -> ServerResponse {
        if request.isBodyOverLimit {
            return Self.error(.payloadTooLarge, "request body is over \(Self.bodyLimit) bytes")
        }
        // The caller's Host is kept (moto tells virtual-hosted bucket names by it); hop-by-hop headers are not.
        var headers = request.head.headers.filter { !Self.droppedRequestHeaders.contains($0.name.lowercased()) || $0.name.lowercased() == "host" }
        if Self.isUnsignedRead(request.head) {
            // A URL a function returned, opened in this machine's browser or curl: read as the local dummy user
            // (moto checks no signature, only that there is one), as the owner of a deployed bucket would.
            headers.append((name: "Authorization", value: Self.localReader))
        }
        let answer: ServicesUpstream.Answer
        do {
            answer = try await upstream.send(
                method: request.head.method.rawValue, uri: request.head.uri, headers: headers.map { ($0.name, $0.value) },
                body: Array(buffer: request.body))
        } catch {
            return Self.error(.badGateway, "the local AWS services did not answer: \(error)")
        }
        var responseHeaders = NIOHTTP1.HTTPHeaders()
        for (name, value) in answer.headers where !Self.droppedResponseHeaders.contains(name.lowercased()) {
            responseHeaders.add(name: name, value: value)
        }
        responseHeaders.add(name: ServicesProcess.marker, value: "moto")
        return ServerResponse(
            status: HTTPResponseStatus(statusCode: answer.status), headers: responseHeaders,
            body: ByteBuffer(bytes: answer.body))
    }

    private static func error(_ status: HTTPResponseStatus, _ message: String) -> ServerResponse {
        ServerResponse(
            status: status, headers: ["Content-Type": "text/plain; charset=utf-8"],
            body: ByteBuffer(string: "lambda-local services front: \(message)\n"))
    }
}
