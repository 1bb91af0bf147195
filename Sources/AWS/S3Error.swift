/// An error S3 answered with: the HTTP status, and S3's code, message and request id from the XML body.
///
/// ```xml
/// <Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>
///        <RequestId>4442587FB7D0A2F9</RequestId><HostId>…</HostId></Error>
/// ```
/// When a response has no such body (a `HEAD`, or a proxy's plain 503), ``code`` is `HTTP` followed by the status.
public struct S3Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status, for example 404.
    public var status: Int
    /// S3's error code, for example `NoSuchKey`, `AccessDenied`, `SlowDown`.
    public var code: String
    /// S3's message for people.
    public var message: String
    /// The request id (`RequestId`, or the `x-amz-request-id` header), for AWS support.
    public var requestID: String?
    /// The extended request id (`HostId`, or `x-amz-id-2`).
    public var hostID: String?

    /// Creates an error.
    /// - Parameters:
    ///   - status: The HTTP status.
    ///   - code: S3's error code.
    ///   - message: S3's message.
    ///   - requestID: The request id.
    ///   - hostID: The extended request id.
    public init(status: Int, code: String, message: String, requestID: String? = nil, hostID: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.requestID = requestID
        self.hostID = hostID
    }

    /// Error codes S3 uses for faults that go away: throttling and transient server trouble.
    static let transientCodes: Set<String> = [
        "SlowDown", "InternalError", "ServiceUnavailable", "RequestTimeout", "RequestTimeoutException",
        "Throttling", "ThrottlingException", "RequestThrottled", "OperationAborted",
    ]

    /// Whether the same request may succeed if sent again.
    public var isTransient: Bool {
        [500, 502, 503, 504].contains(status) || Self.transientCodes.contains(code)
    }

    /// `S3Error: <code> (HTTP <status>): <message> [request id <id>]`
    public var description: String {
        var text = "S3Error: \(code) (HTTP \(status))"
        if !message.isEmpty { text += ": \(message)" }
        if let requestID { text += " [request id \(requestID)]" }
        return text
    }
}
