import FoundationEssentials
import LambdaEvents
import LambdaRuntime

/// The book's `whatIsMyIp`: `{"myip":"1.1.1.1"}` (API Gateway's mapping template puts
/// `$context.identity.sourceIp` there) → `"1.1.1.1"`.
///
/// Behind an API Gateway proxy integration or a Function URL the address comes from the event's request context
/// and the answer is a proxy response with the JSON body `{"myip":"…"}`.
public struct WhatIsMyIPHandler: LambdaHandler {
    /// Creates the handler; it keeps no state.
    public init() {}

    /// Answers the caller's IP address.
    /// - Throws: ``WhatIsMyIPError`` when a proxy event carries no source IP.
    public func handle(_ event: WhatIsMyIPRequest, context: LambdaContext) throws -> WhatIsMyIPResponse {
        switch event {
        case .direct(let address):
            return .text(address)
        case .proxy(let proxy):
            guard let address = proxy.sourceIP, !address.isEmpty else { throw WhatIsMyIPError.missingSourceIP }
            let body = String(decoding: try JSONEncoder().encode(["myip": address]), as: UTF8.self)
            return .proxy(proxy.jsonResponse(statusCode: 200, jsonBody: body))
        }
    }
}

/// The events `whatIsMyIp` accepts: the book's `{"myip": "…"}` or an HTTP proxy event.
public enum WhatIsMyIPRequest: Decodable, Sendable, Equatable {
    /// `{"myip": "1.1.1.1"}`; `myip` is a required string.
    case direct(String)
    /// An API Gateway REST, HTTP API or Function URL event.
    case proxy(ProxyEvent)

    private enum CodingKeys: String, CodingKey { case myip, requestContext, httpMethod, version }

    /// Decodes either shape; a missing or non-string `myip` is an error naming the field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let proxy = try ProxyEvent.decodeIfPresent(
            from: decoder, hasRequestContext: container.contains(.requestContext),
            hasHTTPMethod: container.contains(.httpMethod),
            version: try? container.decodeIfPresent(String.self, forKey: .version))
        {
            self = .proxy(proxy)
            return
        }
        self = .direct(try container.decode(String.self, forKey: .myip))
    }
}

/// What `whatIsMyIp` answers: a JSON string, or a proxy response for proxy events.
public typealias WhatIsMyIPResponse = ProxyAwareResponse

/// A proxy event that cannot be answered.
public enum WhatIsMyIPError: LambdaReportableError, CustomStringConvertible, Equatable {
    /// The request context has no source IP (`identity.sourceIp` for REST, `http.sourceIp` for payload 2.0).
    case missingSourceIP

    /// `MissingSourceIP`.
    public var errorType: String { "MissingSourceIP" }

    public var description: String {
        "The proxy event has no source IP (requestContext.identity.sourceIp or requestContext.http.sourceIp)."
    }
}
