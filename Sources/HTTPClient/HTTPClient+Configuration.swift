extension HTTPClient {
    /// How an ``HTTPClient`` sends requests: time limits, a cap on response size, redirects.
    ///
    /// The defaults suit an API such as S3: no redirects, no size cap, a 10 s connect timeout and a
    /// 60 s limit on the whole transfer. For downloading something a user named (an image URL), set
    /// ``maxResponseBodySize``, a short ``timeout`` and ``redirects`` `.follow(max:)`.
    public struct Configuration: Sendable, Equatable {
        /// The longest wait for a connection, TLS handshake included.
        public var connectTimeout: Duration
        /// The longest a whole transfer may take, connecting and redirects included.
        public var timeout: Duration
        /// The largest response body accepted, in bytes; a larger one aborts the transfer with
        /// ``HTTPClientError/responseTooLarge`` as soon as it is known (from `Content-Length`) or
        /// exceeded (while receiving). `nil` for no cap.
        public var maxResponseBodySize: Int?
        /// Whether and how far redirects are followed.
        public var redirects: RedirectPolicy
        /// Which addresses connections may go to; ``AddressPolicy/unrestricted`` by default. Use
        /// ``AddressPolicy/publicOnly`` for URLs that come from a request.
        public var addressPolicy: AddressPolicy

        /// Creates a configuration.
        /// - Parameters:
        ///   - connectTimeout: The longest wait for a connection, 10 s by default.
        ///   - timeout: The longest a whole transfer may take, 60 s by default.
        ///   - maxResponseBodySize: The largest response body accepted in bytes, unlimited by default.
        ///   - redirects: The redirect policy, `.none` by default.
        ///   - addressPolicy: Where connections may go, anywhere by default.
        public init(
            connectTimeout: Duration = .seconds(10),
            timeout: Duration = .seconds(60),
            maxResponseBodySize: Int? = nil,
            redirects: RedirectPolicy = .none,
            addressPolicy: AddressPolicy = .unrestricted
        ) {
            self.connectTimeout = connectTimeout
            self.timeout = timeout
            self.maxResponseBodySize = maxResponseBodySize
            self.redirects = redirects
            self.addressPolicy = addressPolicy
        }
    }

    /// Whether redirects (3xx with `Location`) are followed.
    ///
    /// Whatever the policy, only `http` and `https` URLs are ever fetched, redirect targets included.
    public enum RedirectPolicy: Sendable, Equatable {
        /// A 3xx response is returned as it is.
        case none
        /// Up to `max` redirects are followed; one more fails with ``HTTPClientError/tooManyRedirects``.
        case follow(max: Int)
    }
}

extension Duration {
    /// Whole milliseconds, rounded up so that a positive duration never becomes "no limit" (0) for curl.
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return max(Int(milliseconds), 1)
    }
}
