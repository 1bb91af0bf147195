/// A proxy response for API Gateway REST APIs (payload 1.0): status, headers and a text or base64 body.
public struct APIGatewayResponse: Codable, Sendable, Equatable {
    /// The HTTP status code.
    public var statusCode: Int
    /// Response headers.
    public var headers: [String: String]?
    /// Response headers with several values, e.g. `Set-Cookie`.
    public var multiValueHeaders: [String: [String]]?
    /// The body, base64-encoded when `isBase64Encoded` is true.
    public var body: String?
    /// Whether `body` is base64-encoded binary data.
    public var isBase64Encoded: Bool?

    /// Creates a proxy response.
    public init(
        statusCode: Int, headers: [String: String]? = nil, multiValueHeaders: [String: [String]]? = nil,
        body: String? = nil, isBase64Encoded: Bool? = nil
    ) {
        self.statusCode = statusCode
        self.headers = headers
        self.multiValueHeaders = multiValueHeaders
        self.body = body
        self.isBase64Encoded = isBase64Encoded
    }
}
