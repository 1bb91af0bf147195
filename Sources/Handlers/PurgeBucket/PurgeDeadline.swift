import Synchronization

/// When a purge stops starting work, so that it returns a result before its invocation times out.
///
/// A request already under way cannot be cancelled (the HTTP client blocks a thread of its own), so
/// waiting for one is raced against the stop time: past it, the purge stops waiting and returns what
/// it has; the orphaned request finishes in the background on its own timeout.
public struct PurgeDeadline: Sendable {
    /// When to stop; `nil` means never.
    public let stopAt: ContinuousClock.Instant?

    /// No deadline: run to the end.
    public static let none = PurgeDeadline(stopAt: nil)

    /// Stops `budget` from now.
    /// - Parameter budget: The time the purge may take.
    public init(budget: Duration) {
        stopAt = .now + budget
    }

    private init(stopAt: ContinuousClock.Instant?) {
        self.stopAt = stopAt
    }

    /// The margin kept before an invocation's deadline: 15 s (a DeleteObjects of 1,000 keys takes well under
    /// one), or a fifth of the time left when that is shorter, so that a short timeout still gets work done.
    /// - Parameter remaining: The invocation's remaining time when the purge starts.
    /// - Returns: The margin.
    public static func margin(remaining: Duration) -> Duration {
        min(.seconds(15), remaining / 5)
    }

    /// Whether the stop time has passed.
    public var hasPassed: Bool {
        stopAt.map { ContinuousClock.now >= $0 } ?? false
    }

    /// Runs `work`, or gives up waiting for it at the stop time.
    /// - Parameter work: The work, typically one S3 request.
    /// - Returns: Its value, or `nil` when the stop time came first.
    /// - Throws: What `work` throws, if it finishes first.
    public func value<T: Sendable>(of work: @escaping @Sendable () async throws -> T) async throws -> T? {
        guard let stopAt else { return try await work() }
        let race = Race<T>()
        return try await withCheckedThrowingContinuation { continuation in
            race.pending.withLock { $0 = continuation }
            race.timer.withLock {
                $0 = Task {
                    try? await Task.sleep(until: stopAt, clock: .continuous)
                    if !Task.isCancelled { race.finish(with: .success(nil)) }
                }
            }
            Task {
                let outcome: Result<T?, any Error>
                do { outcome = .success(try await work()) } catch { outcome = .failure(error) }
                race.finish(with: outcome)  // first: a cancelled timer wakes at once
                race.timer.withLock { $0?.cancel() }
            }
        }
    }
}

/// The continuation both contenders race to resume; whichever comes second finds it gone.
private final class Race<T: Sendable>: Sendable {
    let pending = Mutex<CheckedContinuation<T?, any Error>?>(nil)
    let timer = Mutex<Task<Void, Never>?>(nil)

    func finish(with outcome: Result<T?, any Error>) {
        pending.withLock { $0.take() }?.resume(with: outcome)
    }
}
