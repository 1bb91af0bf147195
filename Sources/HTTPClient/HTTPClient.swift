import CCurl

/// A small HTTP client over libcurl's easy interface, for outbound HTTP(S) from a Lambda function.
///
/// Each call takes an easy handle from a small pool (so keep-alive connections, TLS sessions and
/// DNS answers are reused across calls) and returns it afterwards; concurrent calls use different
/// handles, so one client is safe to share between tasks and threads.
///
/// ```swift
/// let client = HTTPClient(configuration: .init(
///     timeout: .seconds(10), maxResponseBodySize: 10 << 20, redirects: .follow(max: 5)))
/// let response = try await client.execute(HTTPRequest(url: "https://example.com/cat.jpg"))
/// ```
///
/// Only `http` and `https` URLs are fetched, redirect targets included. Bodies are held in memory
/// whole: this client is for API calls and bounded downloads, not streaming.
public final class HTTPClient: Sendable {
    /// The limits and redirect policy every request of this client uses.
    public let configuration: Configuration
    private let handles: EasyHandlePool

    /// Creates a client.
    /// - Parameter configuration: Time limits, size cap and redirect policy; the defaults suit S3.
    public init(configuration: Configuration = Configuration()) {
        CurlGlobal.ensureInitialized()
        self.configuration = configuration
        self.handles = EasyHandlePool(maxIdle: 16)
    }

    /// Sends a request and waits for the whole response, blocking the calling thread.
    ///
    /// A status such as 404 or 503 is a response, not an error.
    /// - Parameter request: The request.
    /// - Returns: The final response (after any redirects the configuration allows).
    /// - Throws: ``HTTPClientError`` when the request is invalid, the transfer fails or times out, the
    ///   body exceeds the size cap, or redirects exceed the limit.
    public func executeBlocking(_ request: HTTPRequest) throws(HTTPClientError) -> HTTPResponse {
        try validate(request)
        let handle = handles.take()
        defer { handles.give(back: handle) }
        return try Transfer(request: request, configuration: configuration).perform(on: handle)
    }

    /// Sends a request without blocking the caller's task.
    ///
    /// The blocking transfer runs on a thread of its own, so several concurrent calls don't tie up
    /// Swift's cooperative thread pool. Cancelling the task does not stop a transfer already under way;
    /// the configured timeouts bound it.
    /// - Parameter request: The request.
    /// - Returns: The final response.
    /// - Throws: ``HTTPClientError``, as ``executeBlocking(_:)``.
    public func execute(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        let result: Result<HTTPResponse, HTTPClientError> = await withCheckedContinuation { continuation in
            DetachedThread.start {
                continuation.resume(returning: Result { () throws(HTTPClientError) in
                    try self.executeBlocking(request)
                })
            }
        }
        return try result.get()
    }

    private func validate(_ request: HTTPRequest) throws(HTTPClientError) {
        try Self.validate(request)
        if configuration.addressPolicy.restricts, CurlURL(request.url).hasUserInfo {
            throw HTTPClientError.addressNotAllowed.with(message: "a URL with user information is not allowed")
        }
    }

    private static func validate(_ request: HTTPRequest) throws(HTTPClientError) {
        let url = request.url
        let lowered = url.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else {
            if url.contains("://") {
                throw HTTPClientError.unsupportedScheme.with(message: url)
            }
            throw HTTPClientError.invalidURL.with(message: "not an absolute URL: \(url)")
        }
        // curl would stop at a NUL, and spaces or control characters mean the caller forgot to encode.
        if url.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) {
            throw HTTPClientError.invalidURL.with(message: "unencoded space or control character in \(url)")
        }
        for field in request.headers {
            let badName = field.name.isEmpty || field.name.utf8.contains { $0 <= 0x20 || $0 == 0x3A || $0 == 0x7F }
            let badValue = field.value.utf8.contains { $0 == 0x0A || $0 == 0x0D || $0 == 0x00 }
            if badName || badValue {
                throw HTTPClientError.invalidHeader.with(message: "\(field.name)")
            }
        }
    }
}
