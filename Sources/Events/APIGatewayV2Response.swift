/// A response for API Gateway HTTP APIs (payload 2.0) and Function URLs.
public struct APIGatewayV2Response: Codable, Sendable, Equatable {
    /// The HTTP status code.
    public var statusCode: Int
    /// Response headers.
    public var headers: [String: String]?
    /// Cookies; each becomes a `Set-Cookie` header.
    public var cookies: [String]?
    /// The body, base64-encoded when `isBase64Encoded` is true.
    public var body: String?
    /// Whether `body` is base64-encoded binary data.
    public var isBase64Encoded: Bool?

    /// Creates a response.
    public init(
        statusCode: Int, headers: [String: String]? = nil, cookies: [String]? = nil, body: String? = nil,
        isBase64Encoded: Bool? = nil
    ) {
        self.statusCode = statusCode
        self.headers = headers
        self.cookies = cookies
        self.body = body
        self.isBase64Encoded = isBase64Encoded
    }
}
