import FoundationEssentials
import LambdaEvents

/// The request `apiProxy` takes: an API Gateway REST (payload 1.0) or HTTP API (2.0) proxy event.
public struct APIProxyRequest: Decodable, Sendable, Equatable {
    /// The event.
    public var proxy: ProxyEvent

    /// Wraps an event.
    public init(_ proxy: ProxyEvent) {
        self.proxy = proxy
    }

    /// Decodes a proxy event; anything else is an error naming what is missing.
    public init(from decoder: any Decoder) throws {
        enum Keys: String, CodingKey { case requestContext, httpMethod, version }
        let container = try decoder.container(keyedBy: Keys.self)
        guard let proxy = try ProxyEvent.decodeIfPresent(
            from: decoder, hasRequestContext: container.contains(.requestContext),
            hasHTTPMethod: container.contains(.httpMethod), version: try? container.decodeIfPresent(String.self, forKey: .version))
        else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: [], debugDescription: "apiProxy takes API Gateway proxy events (requestContext with httpMethod, or version 2.0)"))
        }
        self.proxy = proxy
    }

    /// A header's value, whatever the case of its name.
    public func header(_ name: String) -> String? {
        let headers: [String: String]? = switch proxy {
        case .rest(let request): request.headers
        case .http(let request): request.headers
        }
        let lowered = name.lowercased()
        return headers?.first { $0.key.lowercased() == lowered }?.value
    }

    /// The token of `Authorization: Bearer <token>`, if well formed (printable ASCII, no spaces, at most 8 KiB).
    public var bearerToken: String? {
        guard let value = header("Authorization"), value.count > 7, value.prefix(7).lowercased() == "bearer " else { return nil }
        let token = value.dropFirst(7)
        guard token.utf8.count <= 8192, token.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        return String(token)
    }

    /// The path's `{id}`: 1 to 128 letters, digits, `-` or `_` (it goes into the upstream's path as it is).
    public var submissionID: String? {
        guard let id = proxy.pathParameter("id"), (1...128).contains(id.utf8.count),
              id.utf8.allSatisfy({ byte in
                  (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                      || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
              })
        else { return nil }
        return id
    }

    /// The request's `Content-Type`.
    public var contentType: String? { header("Content-Type") }

    /// The body's bytes (base64 decoded when API Gateway encoded it).
    /// - Throws: ``APIProxyError/invalidRequest`` for a base64 body that does not decode.
    public func body() throws(APIProxyError) -> [UInt8] {
        let (text, isBase64): (String?, Bool) = switch proxy {
        case .rest(let request): (request.body, request.isBase64Encoded)
        case .http(let request): (request.body, request.isBase64Encoded ?? false)
        }
        guard let text else { return [] }
        guard isBase64 else { return Array(text.utf8) }
        guard let data = Data(base64Encoded: text) else { throw .invalidRequest.with(message: "the body is not valid base64") }
        return Array(data)
    }
}

extension ProxyEvent {
    /// A response of the event's kind with the given status, content type and text body.
    func response(statusCode: Int, contentType: String, body: String) -> ProxyResponse {
        let headers = ["Content-Type": contentType]
        switch self {
        case .rest:
            return .rest(APIGatewayResponse(statusCode: statusCode, headers: headers, body: body, isBase64Encoded: false))
        case .http:
            return .http(APIGatewayV2Response(statusCode: statusCode, headers: headers, body: body, isBase64Encoded: false))
        }
    }
}
