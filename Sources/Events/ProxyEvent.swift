/// Any of the HTTP proxy events a function behind API Gateway or a Function URL receives, told apart by shape:
/// payload 2.0 events carry `"version": "2.0"`, REST (payload 1.0) events carry `httpMethod`.
public enum ProxyEvent: Sendable, Equatable {
    /// A REST API (payload 1.0) event.
    case rest(APIGatewayRequest)
    /// An HTTP API (payload 2.0) or Function URL event.
    case http(APIGatewayV2Request)

    /// The caller's source IP: `requestContext.identity.sourceIp` (REST) or `requestContext.http.sourceIp`.
    public var sourceIP: String? {
        switch self {
        case .rest(let request): request.requestContext.identity.sourceIp
        case .http(let request): request.requestContext.http.sourceIp
        }
    }

    /// The value of a path parameter, if the route declares it.
    public func pathParameter(_ name: String) -> String? {
        switch self {
        case .rest(let request): request.pathParameters?[name]
        case .http(let request): request.pathParameters?[name]
        }
    }

    /// The value of a query string parameter (the last one for REST, comma-joined values for payload 2.0).
    public func queryParameter(_ name: String) -> String? {
        switch self {
        case .rest(let request): request.queryStringParameters?[name]
        case .http(let request): request.queryStringParameters?[name]
        }
    }

    /// A JSON proxy response in the shape this event's integration expects.
    /// - Parameters:
    ///   - statusCode: The HTTP status.
    ///   - jsonBody: The body, already encoded JSON text.
    /// - Returns: A response to encode as the function's result.
    public func jsonResponse(statusCode: Int, jsonBody: String) -> ProxyResponse {
        let headers = ["Content-Type": "application/json"]
        switch self {
        case .rest:
            return .rest(APIGatewayResponse(statusCode: statusCode, headers: headers, body: jsonBody, isBase64Encoded: false))
        case .http:
            return .http(APIGatewayV2Response(statusCode: statusCode, headers: headers, body: jsonBody, isBase64Encoded: false))
        }
    }
}

/// A response to a ``ProxyEvent``, encoded as the matching API Gateway response shape.
public enum ProxyResponse: Encodable, Sendable, Equatable {
    /// A REST API (payload 1.0) response.
    case rest(APIGatewayResponse)
    /// An HTTP API (payload 2.0) or Function URL response.
    case http(APIGatewayV2Response)

    /// Encodes the wrapped response.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .rest(let response): try response.encode(to: encoder)
        case .http(let response): try response.encode(to: encoder)
        }
    }
}

extension ProxyEvent {
    /// Decodes a proxy event if the object `decoder` holds is shaped like one, or returns nil.
    ///
    /// The caller passes what it read from its own keyed container (one container per event keeps decoding
    /// cheap): proxy events have `requestContext` plus `"version": "2.0"` (payload 2.0) or `httpMethod`
    /// (REST). A value shaped like a proxy event that does not decode throws, so a malformed proxy event is
    /// reported, not mistaken for a plain event.
    /// - Parameters:
    ///   - decoder: The decoder positioned at the event.
    ///   - hasRequestContext: Whether the object has a `requestContext` key.
    ///   - hasHTTPMethod: Whether the object has an `httpMethod` key.
    ///   - version: The object's `version` string, if any.
    /// - Returns: The proxy event, or nil when the object is not shaped like one.
    /// - Throws: `DecodingError` for a malformed proxy event.
    public static func decodeIfPresent(
        from decoder: any Decoder, hasRequestContext: Bool, hasHTTPMethod: Bool, version: String?
    ) throws -> ProxyEvent? {
        guard hasRequestContext else { return nil }
        if version == "2.0" { return .http(try APIGatewayV2Request(from: decoder)) }
        if hasHTTPMethod { return .rest(try APIGatewayRequest(from: decoder)) }
        return nil
    }
}

/// The answer of a function that serves both a plain event (answered with a JSON string) and HTTP proxy events
/// (answered with a proxy response), as the book's functions do.
public enum ProxyAwareResponse: Encodable, Sendable, Equatable {
    /// A value encoded as a JSON string, e.g. `"Hello John!"`.
    case text(String)
    /// An API Gateway or Function URL proxy response.
    case proxy(ProxyResponse)

    /// Encodes the string or the proxy response.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .text(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .proxy(let response):
            try response.encode(to: encoder)
        }
    }
}
