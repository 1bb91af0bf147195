/// A response received by ``HTTPClient``.
public struct HTTPResponse: Sendable {
    /// The status code of the final response (after any redirects the client followed).
    public var status: Int
    /// The header fields of the final response, in order.
    public var headers: HTTPHeaders
    /// The body, whole.
    public var body: [UInt8]
    /// The URL that answered: the request's URL, or where the last redirect led.
    public var url: String

    /// Creates a response.
    /// - Parameters:
    ///   - status: The status code.
    ///   - headers: The header fields.
    ///   - body: The body.
    ///   - url: The URL that answered.
    public init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = [], url: String = "") {
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }
}
