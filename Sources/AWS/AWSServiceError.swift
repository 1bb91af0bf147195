/// An error a JSON-protocol service (Secrets Manager, SSM) answered with: the HTTP status, and the service's error
/// code and message from the body (`{"__type": "ResourceNotFoundException", "message": "…"}`).
///
/// When a response has no such body (a proxy's plain 503), ``code`` is `HTTP` followed by the status.
/// Messages are the service's own; they name resources, never secret values.
public struct AWSServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status, for example 400.
    public var status: Int
    /// The service's error code without its namespace, for example `ResourceNotFoundException`, `ParameterNotFound`.
    public var code: String
    /// The service's message for people.
    public var message: String
    /// The request id (`x-amzn-RequestId`), for AWS support.
    public var requestID: String?

    /// Creates an error.
    /// - Parameters:
    ///   - status: The HTTP status.
    ///   - code: The error code.
    ///   - message: The message.
    ///   - requestID: The request id.
    public init(status: Int, code: String, message: String, requestID: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.requestID = requestID
    }

    /// Codes the JSON services use for throttling and transient faults.
    static let transientCodes: Set<String> = [
        "ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded",
        "InternalServiceError", "InternalServiceErrorException", "InternalServerError", "InternalFailure",
        "ServiceUnavailable", "ServiceUnavailableException", "RequestTimeout", "RequestTimeoutException",
    ]

    /// Whether the same request may succeed if sent again.
    public var isTransient: Bool {
        [500, 502, 503, 504].contains(status) || Self.transientCodes.contains(code)
    }

    /// Whether the resource does not exist (`ResourceNotFoundException`, `ParameterNotFound`,
    /// `ParameterVersionNotFound`).
    public var isNotFound: Bool {
        ["ResourceNotFoundException", "ParameterNotFound", "ParameterVersionNotFound"].contains(code)
    }

    /// Whether the caller may not do this (`AccessDeniedException`, `AccessDenied`, `UnrecognizedClientException`).
    public var isAccessDenied: Bool {
        ["AccessDeniedException", "AccessDenied", "UnrecognizedClientException"].contains(code)
    }

    /// `AWSServiceError: <code> (HTTP <status>): <message> [request id <id>]`
    public var description: String {
        var text = "AWSServiceError: \(code) (HTTP \(status))"
        if !message.isEmpty { text += ": \(message)" }
        if let requestID { text += " [request id \(requestID)]" }
        return text
    }
}
