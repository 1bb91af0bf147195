/// An error thrown by ``HTTPClient``.
///
/// Compare with the static members (`error == .timedOut`); ``message`` carries the detail.
public struct HTTPClientError: Error, Equatable, CustomStringConvertible {
    private enum Code: Equatable {
        case invalidURL
        case invalidHeader
        case unsupportedScheme
        case timedOut
        case responseTooLarge
        case tooManyRedirects
        case connectionFailed
        case transferFailed
        case addressNotAllowed
    }

    private let code: Code
    /// Detail for people: what curl said, the limit that was hit, the URL that was refused.
    public let message: String

    private init(_ code: Code, _ message: String = "") {
        self.code = code
        self.message = message
    }

    /// The URL could not be parsed.
    public static let invalidURL = HTTPClientError(.invalidURL)
    /// A header name or value holds characters HTTP does not allow (line breaks, NUL, a colon in a name).
    public static let invalidHeader = HTTPClientError(.invalidHeader)
    /// The URL, or a redirect's target, is not `http` or `https`.
    public static let unsupportedScheme = HTTPClientError(.unsupportedScheme)
    /// The connect timeout or the whole-transfer timeout expired.
    public static let timedOut = HTTPClientError(.timedOut)
    /// The response body is larger than the configured maximum; the transfer was aborted.
    public static let responseTooLarge = HTTPClientError(.responseTooLarge)
    /// More redirects than the configured maximum.
    public static let tooManyRedirects = HTTPClientError(.tooManyRedirects)
    /// The connection could not be made, or was reset or closed before the response was complete.
    /// Safe to retry for idempotent requests.
    public static let connectionFailed = HTTPClientError(.connectionFailed)
    /// Any other transfer failure (TLS, protocol errors, …).
    public static let transferFailed = HTTPClientError(.transferFailed)
    /// The client's ``AddressPolicy`` refused a connection (a special-purpose address such as loopback or
    /// a private range) or a URL with user information, redirects included. Nothing was sent there.
    public static let addressNotAllowed = HTTPClientError(.addressNotAllowed)

    /// The same kind of error with a detail message.
    func with(message: String) -> HTTPClientError {
        HTTPClientError(code, message)
    }

    /// Whether retrying the same request may succeed: the connection failed or the transfer timed out.
    public var isTransient: Bool {
        code == .connectionFailed || code == .timedOut
    }

    /// Errors are equal when they are of the same kind, whatever their messages.
    public static func == (lhs: HTTPClientError, rhs: HTTPClientError) -> Bool {
        lhs.code == rhs.code
    }

    /// A readable description: the kind, then the detail.
    public var description: String {
        let kind = switch code {
        case .invalidURL: "invalid URL"
        case .invalidHeader: "invalid header field"
        case .unsupportedScheme: "unsupported URL scheme (only http and https are allowed)"
        case .timedOut: "timed out"
        case .responseTooLarge: "response body too large"
        case .tooManyRedirects: "too many redirects"
        case .connectionFailed: "connection failed"
        case .transferFailed: "transfer failed"
        case .addressNotAllowed: "address not allowed by the client's address policy"
        }
        return message.isEmpty ? "HTTPClientError: \(kind)" : "HTTPClientError: \(kind): \(message)"
    }
}
