#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// SIGTERM handling: finish the invocation in flight, then exit 0; exit at once when idle.
///
/// SIGTERM is blocked in every thread (the mask is set before any thread starts and threads inherit it), and the
/// main thread takes it with `sigwait`. The loop and the main thread agree on who exits through one atomic state,
/// so the invocation in flight is never cut short and no extra system call is spent per invocation.
enum Lifecycle {
    private static let idle = 0, busy = 1, exiting = 2
    private static let state = Atomic<Int>(1)
    private static let stopRequested = Atomic<Bool>(false)

    /// Blocks SIGTERM in the calling thread; call on the main thread before any other thread exists.
    static func blockTermination() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Waits for SIGTERM forever on the calling thread; exits when the loop is idle or marks the stop for it.
    static func waitForTermination() -> Never {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        while true {
            var signal: Int32 = 0
            guard sigwait(&set, &signal) == 0, signal == SIGTERM else { continue }
            stopRequested.store(true, ordering: .sequentiallyConsistent)
            if isConcurrent.load(ordering: .sequentiallyConsistent) {
                if inFlight.load(ordering: .sequentiallyConsistent) == 0 { _exit(0) }
                continue
            }
            if state.compareExchange(expected: idle, desired: exiting, ordering: .sequentiallyConsistent).exchanged {
                _exit(0)
            }
        }
    }

    /// Called by the loop when an invocation arrives. Returns false if the process is exiting.
    static func invocationStarted() -> Bool {
        state.compareExchange(expected: idle, desired: busy, ordering: .sequentiallyConsistent).exchanged
    }

    /// Called by the loop when it is about to wait for the next invocation.
    /// - Returns: true when SIGTERM arrived and the loop should exit 0 now.
    static func becameIdle() -> Bool {
        state.store(idle, ordering: .sequentiallyConsistent)
        guard stopRequested.load(ordering: .sequentiallyConsistent) else { return false }
        return state.compareExchange(expected: idle, desired: exiting, ordering: .sequentiallyConsistent).exchanged
    }

    // MARK: Several invocations at once (AWS_LAMBDA_MAX_CONCURRENCY > 1)
    //
    // A count of invocations in flight replaces the idle/busy state: SIGTERM exits at once when none is in
    // flight, else the last one to finish exits. Init counts as one until `beginConcurrent`'s caller ends it.

    private static let isConcurrent = Atomic<Bool>(false)
    private static let inFlight = Atomic<Int>(0)

    /// Switches to counting; the init phase in progress is the one invocation in flight.
    static func beginConcurrent() {
        inFlight.store(1, ordering: .sequentiallyConsistent)
        isConcurrent.store(true, ordering: .sequentiallyConsistent)
    }

    /// A slot received an invocation. Returns false (and the slot must stop) once SIGTERM arrived.
    static func concurrentInvocationStarted() -> Bool {
        inFlight.add(1, ordering: .sequentiallyConsistent)
        guard stopRequested.load(ordering: .sequentiallyConsistent) else { return true }
        _ = concurrentInvocationFinished()
        return false
    }

    /// An invocation (or init) finished. Exits 0 when SIGTERM arrived and none is left in flight.
    /// - Returns: true when SIGTERM arrived: the slot must not ask for another invocation.
    static func concurrentInvocationFinished() -> Bool {
        let remaining = inFlight.subtract(1, ordering: .sequentiallyConsistent).newValue
        guard stopRequested.load(ordering: .sequentiallyConsistent) else { return false }
        if remaining == 0 { exit(0) }
        return true
    }

    /// Parks a thread that lost the race to exit; the winner is already calling `_exit`.
    static func park() -> Never {
        while true { pause() }
    }
}
