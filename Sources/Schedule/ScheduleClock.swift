#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The wall clock a ``Scheduler`` reads and sleeps on; tests inject ``ManualScheduleClock``.
public protocol ScheduleClock: Sendable {
    /// The current time.
    var now: Date { get }

    /// Suspends until ``now`` has reached `deadline`; returns at once when it already has.
    ///
    /// - Parameter deadline: The instant to wait for.
    /// - Throws: `CancellationError` when the calling task is cancelled first.
    func sleep(until deadline: Date) async throws
}
