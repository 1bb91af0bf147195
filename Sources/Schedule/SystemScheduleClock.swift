#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The system's wall clock.
public struct SystemScheduleClock: ScheduleClock {
    /// The longest single sleep; after it the wall clock is read again.
    ///
    /// `Task.sleep` measures elapsed time, not the wall clock, so a sleep that spans a clock change or a
    /// suspended machine would otherwise end late by that much.
    static let longestSleep: Double = 30

    /// Creates the system clock.
    public init() {}

    /// The current time.
    public var now: Date { Date() }

    /// Suspends until the wall clock reaches `deadline`.
    ///
    /// - Parameter deadline: The instant to wait for.
    /// - Throws: `CancellationError` when the calling task is cancelled first.
    public func sleep(until deadline: Date) async throws {
        while true {
            let remaining = deadline.timeIntervalSince(Date())
            guard remaining > 0 else { return }
            try await Task.sleep(for: .seconds(min(remaining, Self.longestSleep)))
        }
    }
}
