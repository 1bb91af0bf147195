import Foundation
import Synchronization

/// A thread that lives as long as the process and runs the spawns whose children get a parent-death signal.
///
/// Linux sends `PR_SET_PDEATHSIG` when the *thread* that spawned the child ends, not the process. Swift's
/// cooperative threads and dispatch's workers (the main actor's too, once `dispatch_main` ended the main thread)
/// come and go, so a child spawned from one of them would be killed a moment later.
final class SpawnThread: Sendable {
    private typealias Job = @Sendable () -> Void
    private let jobs = Mutex<[Job]>([])
    private let waiting = DispatchSemaphore(value: 0)

    /// The one spawn thread, started on first use.
    static let shared: SpawnThread = {
        let thread = SpawnThread()
        let worker = Thread { thread.loop() }
        worker.name = "lambda-local spawn"
        worker.start()
        return thread
    }()

    /// Runs `body` on the spawn thread and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            jobs.withLock { $0.append { continuation.resume(returning: body()) } }
            waiting.signal()
        }
    }

    private func loop() {
        while true {
            waiting.wait()
            let job = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
            job?()
        }
    }
}
