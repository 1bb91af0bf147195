import FoundationEssentials

/// The Runtime API client: HTTP/1.1 on one keep-alive loopback connection, reconnecting only when the server
/// closed it.
///
/// A hand-written client on purpose (see README, "Why a hand-written client"): it is four endpoints on loopback,
/// and measured against libcurl and NIO it halves the per-invocation overhead and the cold start.
final class RuntimeAPIClient: RuntimeAPI {
    private let address: RuntimeAPIAddress
    private var connection: HTTPConnection<SocketStream>?
    private let nextRequest: [UInt8]
    private let postPrefix: [UInt8]
    private let postInvocationPrefix: [UInt8]
    private let hostLine: [UInt8]
    private let contentLengthName = Array("Content-Length: ".utf8)
    private let invocationIDName = Array("Lambda-Runtime-Invocation-Id: ".utf8)
    /// Reused for every POST head so a request costs no allocation beyond the path.
    private var requestHead: [UInt8] = []
    private static let crlf: [UInt8] = [0x0D, 0x0A]

    /// Bodies up to this size are copied behind the head and sent in one `send(2)`.
    static let inlineBodyBytes = 64 * 1024

    /// The largest response body Lambda accepts (RIE and Lambda's limit for synchronous responses).
    static let maxResponseBytes = 6_291_556

    /// Creates a client for `AWS_LAMBDA_RUNTIME_API` (`host:port`, `[v6]:port`, `http://host:port[/path]`);
    /// connects on first use.
    /// - Throws: ``LambdaRuntimeError`` `missingEnvironment` for a malformed address.
    init(address text: String) throws {
        address = try RuntimeAPIAddress(text)
        let base = address.basePath
        postPrefix = Array("POST \(base)".utf8)
        postInvocationPrefix = Array("POST \(base)/2018-06-01/runtime/invocation/".utf8)
        hostLine = Array(" HTTP/1.1\r\nHost: \(address.authority)\r\n".utf8)
        requestHead.reserveCapacity(512)
        nextRequest = Array("GET \(base)/2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: \(address.authority)\r\nUser-Agent: swift-lambda-runtime\r\n\r\n".utf8)
    }

    /// Opens the connection now, so an unreachable Runtime API is reported before the handler's init.
    func connect() throws {
        if connection == nil { connection = HTTPConnection(stream: try SocketStream(host: address.host, port: address.port)) }
    }

    func nextInvocation() throws -> Invocation {
        let response = try exchange(head: nextRequest, body: nil)
        guard response.head.status == 200 else {
            throw LambdaRuntimeError.runtimeAPIStatus(
                response.head.status, request: "GET next", body: String(decoding: response.body, as: UTF8.self))
        }
        return try Self.invocation(from: response)
    }

    func sendResponse(requestID: String, invocationID: String?, body: Data) throws -> PostOutcome {
        try post(requestID: requestID, invocationID: invocationID, suffix: "/response", extraHeaders: "", body: body)
    }

    func sendError(requestID: String, invocationID: String?, report: ErrorReport) throws -> PostOutcome {
        try postError(requestID: requestID, invocationID: invocationID, suffix: "/error", report: report)
    }

    func sendInitError(_ report: ErrorReport) throws -> PostOutcome {
        try postError(requestID: nil, invocationID: nil, suffix: "/2018-06-01/runtime/init/error", report: report)
    }

    // MARK: Requests

    private func postError(requestID: String?, invocationID: String?, suffix: StaticString, report: ErrorReport) throws -> PostOutcome {
        let headers = "Lambda-Runtime-Function-Error-Type: \(report.headerErrorType)\r\nContent-Type: application/vnd.aws.lambda.error+json\r\n"
        return try post(requestID: requestID, invocationID: invocationID, suffix: suffix, extraHeaders: headers, body: Data(report.json))
    }

    /// POSTs to `/2018-06-01/runtime/invocation/<requestID><suffix>`, or to `suffix` alone without a request id;
    /// the head is assembled in a reused buffer.
    private func post(
        requestID: String?, invocationID: String?, suffix: StaticString, extraHeaders: String, body: Data
    ) throws -> PostOutcome {
        startHead(requestID: requestID, invocationID: invocationID, suffix: suffix)
        if !extraHeaders.isEmpty {
            var extraHeaders = extraHeaders
            extraHeaders.withUTF8 { requestHead.append(contentsOf: $0) }
        }
        requestHead.append(contentsOf: contentLengthName)
        Self.appendDecimal(body.count, to: &requestHead)
        requestHead.append(contentsOf: [0x0D, 0x0A, 0x0D, 0x0A])
        let response: HTTPConnection<SocketStream>.Response
        if body.count <= Self.inlineBodyBytes {
            // Small results ride in the head's buffer: one contiguous send instead of a gathered one.
            body.withUnsafeBytes { requestHead.append(contentsOf: $0.assumingMemoryBound(to: UInt8.self)) }
            let request = requestHead
            response = try exchange(head: request, body: nil, keepingSuccessBody: false)
        } else {
            let head = requestHead
            response = try body.withUnsafeBytes { try exchange(head: head, body: $0, keepingSuccessBody: false) }
        }
        return try outcome(of: response, requestID: requestID, suffix: suffix)
    }

    /// The request line, Host and (when given) the invocation id, into the reused head buffer.
    @inline(__always)
    private func startHead(requestID: String?, invocationID: String?, suffix: StaticString) {
        requestHead.removeAll(keepingCapacity: true)
        if var requestID {
            requestHead.append(contentsOf: postInvocationPrefix)
            requestID.withUTF8 { requestHead.append(contentsOf: $0) }
        } else {
            requestHead.append(contentsOf: postPrefix)
        }
        requestHead.append(contentsOf: UnsafeBufferPointer(start: suffix.utf8Start, count: suffix.utf8CodeUnitCount))
        requestHead.append(contentsOf: hostLine)
        if var invocationID {
            requestHead.append(contentsOf: invocationIDName)
            invocationID.withUTF8 { requestHead.append(contentsOf: $0) }
            requestHead.append(contentsOf: [0x0D, 0x0A])
        }
    }

    @inline(__always)
    private func outcome(
        of response: HTTPConnection<SocketStream>.Response, requestID: String?, suffix: StaticString
    ) throws -> PostOutcome {
        switch response.head.status {
        case 200..<300:
            return .accepted
        case 400..<500:
            return .rejected(status: response.head.status, body: String(decoding: response.body, as: UTF8.self))
        default:
            throw LambdaRuntimeError.runtimeAPIStatus(
                response.head.status, request: "POST \(requestID.map { "invocation/\($0)" } ?? "")\(suffix)",
                body: String(decoding: response.body, as: UTF8.self))
        }
    }

    // MARK: Streamed responses

    func beginStream(requestID: String, invocationID: String?, contentType: String) throws {
        startHead(requestID: requestID, invocationID: invocationID, suffix: "/response")
        var headers = """
            Lambda-Runtime-Function-Response-Mode: streaming\r
            Transfer-Encoding: chunked\r
            Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r
            Content-Type: \(contentType)\r
            \r

            """
        headers.withUTF8 { requestHead.append(contentsOf: $0) }
        try connect()
        let head = requestHead
        try head.withUnsafeBytes { try connection!.stream.write($0, nil) }
    }

    func writeStreamChunk(_ bytes: UnsafeRawBufferPointer) throws {
        guard let connection, !bytes.isEmpty else { return }
        requestHead.removeAll(keepingCapacity: true)
        Self.appendHex(bytes.count, to: &requestHead)
        requestHead.append(contentsOf: [0x0D, 0x0A])
        let sizeLine = requestHead
        // The chunk's CRLF goes with it, so the chunk is complete on the wire now, not when the next one comes.
        try sizeLine.withUnsafeBytes { sizeLine in
            try Self.crlf.withUnsafeBytes { try connection.stream.write(sizeLine, bytes, $0) }
        }
    }

    func endStream(error: ErrorReport?) throws -> PostOutcome {
        guard let connection else {
            throw LambdaRuntimeError.runtimeAPIUnreachable("the streamed response's connection is gone")
        }
        var tail = "0\r\n"
        if let error {
            tail += "Lambda-Runtime-Function-Error-Type: \(error.headerErrorType)\r\n"
            tail += "Lambda-Runtime-Function-Error-Body: \(Data(error.json).base64EncodedString())\r\n"
        }
        tail += "\r\n"
        try Array(tail.utf8).withUnsafeBytes { try connection.stream.write($0, nil) }
        let response = try connection.readResponse(keepingSuccessBody: false)
        if !connection.isReusable { self.connection = nil }
        return try outcome(of: response, requestID: nil, suffix: "/response (streamed)")
    }

    /// Sends on the open connection; if the server had silently closed it, reconnects once and resends.
    private func exchange(
        head: [UInt8], body: UnsafeRawBufferPointer?, keepingSuccessBody: Bool = true
    ) throws -> HTTPConnection<SocketStream>.Response {
        let reused = connection != nil
        try connect()
        do {
            let response = try connection!.exchange(head: head, body: body, keepingSuccessBody: keepingSuccessBody)
            if !connection!.isReusable { connection = nil }
            return response
        } catch is HTTPConnection<SocketStream>.ClosedBeforeResponse where reused {
            connection = nil
            try connect()
            let response = try connection!.exchange(head: head, body: body, keepingSuccessBody: keepingSuccessBody)
            if !connection!.isReusable { connection = nil }
            return response
        } catch is HTTPConnection<SocketStream>.ClosedBeforeResponse {
            connection = nil
            throw LambdaRuntimeError.runtimeAPIUnreachable("the Runtime API closed the connection without answering")
        }
    }

    static func appendHex(_ value: Int, to out: inout [UInt8]) {
        if value >= 16 { appendHex(value / 16, to: &out) }
        let digit = UInt8(value % 16)
        out.append(digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10)
    }

    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value >= 10 { appendDecimal(value / 10, to: &out) }
        out.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    // MARK: Parsing

    static func invocation(from response: HTTPConnection<SocketStream>.Response) throws -> Invocation {
        let head = response.head
        guard let requestID = head.lambda.requestID else {
            throw LambdaRuntimeError.runtimeAPIProtocol("GET next answered without Lambda-Runtime-Aws-Request-Id")
        }
        guard isValidRequestID(requestID) else {
            throw LambdaRuntimeError.runtimeAPIProtocol("unusable request id '\(requestID)'")
        }
        if let invocationID = head.lambda.invocationID, !isValidRequestID(invocationID) {
            throw LambdaRuntimeError.runtimeAPIProtocol("unusable invocation id '\(invocationID)'")
        }
        var problems: [String] = []
        let deadline = head.lambda.deadline.flatMap { Int64($0) }
        if deadline == nil { problems.append("missing or invalid Lambda-Runtime-Deadline-Ms") }
        let arn = head.lambda.invokedFunctionARN
        if arn == nil { problems.append("missing Lambda-Runtime-Invoked-Function-Arn") }
        return Invocation(
            requestID: requestID,
            deadlineMilliseconds: deadline ?? 0,
            invokedFunctionARN: arn ?? "",
            traceID: head.lambda.traceID,
            clientContext: head.lambda.clientContext,
            cognitoIdentity: head.lambda.cognitoIdentity,
            tenantID: head.lambda.tenantID,
            invocationID: head.lambda.invocationID,
            body: response.body,
            headerProblem: problems.isEmpty ? nil : "Invalid invocation from the Runtime API: " + problems.joined(separator: "; ")
        )
    }

    /// Request ids go into a URL path: allow what UUIDs and Lambda's ids use, nothing that needs escaping.
    static func isValidRequestID(_ id: String) -> Bool {
        var id = id
        return id.withUTF8 { bytes in
            !bytes.isEmpty && bytes.count <= 256 && bytes.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                    UInt8(ascii: ":"):
                    return true
                default:
                    return false
                }
            }
        }
    }
}
