/// When and how long ``S3Client`` waits before trying a request again.
///
/// Retried: connection failures and timeouts, HTTP 500, 502, 503 and 504, and the error codes S3 uses
/// for throttling and transient faults (`SlowDown`, `InternalError`, `RequestTimeout`, …). Every S3
/// operation of the client is idempotent, so a retry after an unknown outcome is safe.
///
/// The wait before attempt *n* + 1 is a random duration between zero and
/// `min(maxDelay, baseDelay × 2ⁿ⁻¹)` ("full jitter"), so clients that failed together don't retry together.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included; 1 means no retries.
    public var maxAttempts: Int
    /// The cap on the wait before the first retry; doubles with each retry.
    public var baseDelay: Duration
    /// The cap on any single wait.
    public var maxDelay: Duration

    /// Creates a policy.
    /// - Parameters:
    ///   - maxAttempts: Attempts in all, 5 by default.
    ///   - baseDelay: The first retry's cap, 100 ms by default.
    ///   - maxDelay: The largest wait, 5 s by default.
    public init(maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(5)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// No retries at all.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The wait after `failedAttempts` failures (1 or more).
    func delay(afterFailedAttempts failedAttempts: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let exponent = min(failedAttempts - 1, 30)
        let cap = min(maxDelay, baseDelay * (1 << exponent))
        let capNanoseconds = max(cap.components.seconds * 1_000_000_000 + cap.components.attoseconds / 1_000_000_000, 0)
        return .nanoseconds(Int64.random(in: 0...capNanoseconds, using: &generator))
    }
}
