/// A request for ``HTTPClient``.
public struct HTTPRequest: Sendable {
    /// The method.
    public var method: HTTPMethod
    /// The absolute URL, already percent-encoded; `http` or `https` only.
    public var url: String
    /// Header fields to send. `Host`, `Content-Length` and `Transfer-Encoding` are set by the client.
    public var headers: HTTPHeaders
    /// The body; empty for none.
    public var body: [UInt8]

    /// Creates a request.
    /// - Parameters:
    ///   - method: The method, `GET` by default.
    ///   - url: The absolute, percent-encoded URL.
    ///   - headers: Header fields to send.
    ///   - body: The body, empty by default.
    public init(method: HTTPMethod = .get, url: String, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}
