import LambdaRuntime

/// Why `apiProxy` did not pass the upstream's answer on: each has an HTTP status for the caller and an
/// ``errorType`` for the body and the log. Messages name settings, statuses and secrets, never tokens or keys.
///
/// | errorType | status | when |
/// |---|---|---|
/// | `InvalidConfiguration` | — | init: no `UPSTREAM_URL` or `ADMIN_KEY_SECRET_ID`, a bad URL, missing credentials |
/// | `InvalidRequest` | 400 | the path has no valid `{id}`, or the body is too large |
/// | `MissingToken` | 401 | no `Authorization: Bearer <token>` header |
/// | `TokenRefused` | 401/403 | the upstream's "who am I" endpoint refused the caller's token (its status) |
/// | `UpstreamTimeout` | 504 | the upstream did not answer before the invocation's deadline |
/// | `UpstreamUnreachable` | 502 | the upstream could not be connected to |
/// | `UpstreamError` | 502 | the upstream answered 5xx, or something unreadable |
/// | `AdminKeyUnavailable` | 500 | the admin key could not be read from Secrets Manager (missing, denied, expired) |
/// | `AdminKeyRefused` | 502 | the upstream refused the admin key (401/403 to the admin call) |
public struct APIProxyError: Error, Equatable, CustomStringConvertible, LambdaReportableError {
    private enum Code: Equatable {
        case invalidConfiguration, invalidRequest, missingToken, tokenRefused, upstreamTimeout, upstreamUnreachable
        case upstreamError, adminKeyUnavailable, adminKeyRefused
    }

    private let code: Code
    /// The HTTP status the caller gets.
    public let status: Int
    /// Detail for people.
    public let message: String

    private init(_ code: Code, status: Int, _ message: String = "") {
        self.code = code
        self.status = status
        self.message = message
    }

    /// A setting is missing or invalid (init).
    public static let invalidConfiguration = APIProxyError(.invalidConfiguration, status: 500)
    /// The request is not one the proxy forwards.
    public static let invalidRequest = APIProxyError(.invalidRequest, status: 400)
    /// The caller sent no bearer token.
    public static let missingToken = APIProxyError(.missingToken, status: 401)
    /// The upstream refused the caller's token.
    public static let tokenRefused = APIProxyError(.tokenRefused, status: 401)
    /// The upstream did not answer in time.
    public static let upstreamTimeout = APIProxyError(.upstreamTimeout, status: 504)
    /// The upstream could not be reached.
    public static let upstreamUnreachable = APIProxyError(.upstreamUnreachable, status: 502)
    /// The upstream failed.
    public static let upstreamError = APIProxyError(.upstreamError, status: 502)
    /// The admin key could not be read.
    public static let adminKeyUnavailable = APIProxyError(.adminKeyUnavailable, status: 500)
    /// The upstream refused the admin key.
    public static let adminKeyRefused = APIProxyError(.adminKeyRefused, status: 502)

    /// The same kind of error with a detail message and, optionally, another status.
    func with(message: String, status: Int? = nil) -> APIProxyError {
        APIProxyError(code, status: status ?? self.status, message)
    }

    /// Errors are equal when they are of the same kind, whatever their statuses and messages.
    public static func == (lhs: APIProxyError, rhs: APIProxyError) -> Bool {
        lhs.code == rhs.code
    }

    /// The `errorType`, e.g. `TokenRefused`.
    public var errorType: String {
        switch code {
        case .invalidConfiguration: "InvalidConfiguration"
        case .invalidRequest: "InvalidRequest"
        case .missingToken: "MissingToken"
        case .tokenRefused: "TokenRefused"
        case .upstreamTimeout: "UpstreamTimeout"
        case .upstreamUnreachable: "UpstreamUnreachable"
        case .upstreamError: "UpstreamError"
        case .adminKeyUnavailable: "AdminKeyUnavailable"
        case .adminKeyRefused: "AdminKeyRefused"
        }
    }

    /// A readable description: the kind, then the detail.
    public var description: String {
        let kind = switch code {
        case .invalidConfiguration: "invalid configuration"
        case .invalidRequest: "invalid request"
        case .missingToken: "missing bearer token"
        case .tokenRefused: "the upstream refused the token"
        case .upstreamTimeout: "the upstream did not answer in time"
        case .upstreamUnreachable: "the upstream is unreachable"
        case .upstreamError: "the upstream failed"
        case .adminKeyUnavailable: "the admin key is unavailable"
        case .adminKeyRefused: "the upstream refused the admin key"
        }
        return message.isEmpty ? kind : "\(kind): \(message)"
    }
}
