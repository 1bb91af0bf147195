#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// A clock that only moves when told to, for testing code that sleeps on a ``ScheduleClock``.
///
/// A test waits for the code under test to go to sleep with ``nextDeadline()``, then moves time with
/// ``advance(to:)``; no real time passes and nothing depends on timing.
public final class ManualScheduleClock: ScheduleClock {
    private struct Sleeper {
        let id: UInt64
        let deadline: Date
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Date
        var nextID: UInt64 = 0
        var sleepers: [Sleeper] = []
        /// Sleeps cancelled before they were registered.
        var cancelledIDs: Set<UInt64> = []
        var deadlineWaiters: [CheckedContinuation<Date, Never>] = []
    }

    private let state: Mutex<State>

    /// Creates a clock stopped at an instant.
    ///
    /// - Parameter now: The clock's time until it is advanced.
    public init(now: Date) {
        state = Mutex(State(now: now))
    }

    /// The clock's current time.
    public var now: Date { state.withLock { $0.now } }

    /// Suspends until the clock is advanced to `deadline` or later.
    ///
    /// - Parameter deadline: The instant to wait for.
    /// - Throws: `CancellationError` when the calling task is cancelled first.
    public func sleep(until deadline: Date) async throws {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Outcome { case cancelled, due, waiting([CheckedContinuation<Date, Never>]) }
                let outcome = state.withLock { state -> Outcome in
                    if state.cancelledIDs.remove(id) != nil { return .cancelled }
                    if deadline <= state.now { return .due }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    defer { state.deadlineWaiters = [] }
                    return .waiting(state.deadlineWaiters)
                }
                switch outcome {
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .due: continuation.resume()
                case .waiting(let waiters): waiters.forEach { $0.resume(returning: deadline) }
                }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else {
                    state.cancelledIDs.insert(id)
                    return nil
                }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Waits until some task is sleeping on the clock.
    ///
    /// - Returns: The earliest deadline among the sleeping tasks.
    public func nextDeadline() async -> Date {
        await withCheckedContinuation { continuation in
            let earliest = state.withLock { state -> Date? in
                guard let earliest = state.sleepers.map(\.deadline).min() else {
                    state.deadlineWaiters.append(continuation)
                    return nil
                }
                return earliest
            }
            if let earliest { continuation.resume(returning: earliest) }
        }
    }

    /// Sets the clock's time and wakes every sleeper whose deadline has come.
    ///
    /// - Parameter instant: The new time; it may be earlier than the current one, as a wall clock can be set back.
    public func advance(to instant: Date) {
        move { _ in instant }
    }

    /// Moves the clock forward and wakes every sleeper whose deadline has come.
    ///
    /// - Parameter interval: Seconds to add to the current time.
    public func advance(by interval: TimeInterval) {
        move { $0.addingTimeInterval(interval) }
    }

    private func move(_ newTime: (Date) -> Date) {
        let due = state.withLock { state -> [Sleeper] in
            state.now = newTime(state.now)
            let now = state.now
            defer { state.sleepers.removeAll { $0.deadline <= now } }
            return state.sleepers.filter { $0.deadline <= now }
        }
        due.forEach { $0.continuation.resume() }
    }
}
