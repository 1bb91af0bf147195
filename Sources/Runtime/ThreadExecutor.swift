#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A task executor that owns one thread: the jobs of a task that prefers it run there, one at a time.
///
/// Each concurrent invocation slot runs its loop on one of these. The Runtime API client blocks in `GET next`
/// (Lambda may freeze the process there for hours); on Swift's cooperative pool, N blocked loops would starve
/// the handlers of the others, so every slot gets its own thread to block on.
final class ThreadExecutor: TaskExecutor, @unchecked Sendable {
    /// Jobs waiting to run, guarded by `mutex`.
    private var queue: [UnownedJob] = []
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    /// Starts the thread; it lives as long as the process.
    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        let box = Unmanaged.passRetained(self)
        #if canImport(Darwin)
        var thread: pthread_t? = nil
        #else
        var thread = pthread_t()
        #endif
        let status = pthread_create(&thread, nil, { argument in
            Unmanaged<ThreadExecutor>.fromOpaque(argument!).takeUnretainedValue().serve()
            return nil
        }, box.toOpaque())
        precondition(status == 0, "cannot start a thread for a concurrent invocation slot (\(status))")
        pthread_detach(thread)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        pthread_mutex_lock(mutex)
        queue.append(job)
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }

    /// Runs jobs as they come, forever (the process ends with `exit`, never by stopping a slot).
    private func serve() {
        var batch: [UnownedJob] = []
        while true {
            pthread_mutex_lock(mutex)
            while queue.isEmpty { pthread_cond_wait(condition, mutex) }
            swap(&batch, &queue)
            pthread_mutex_unlock(mutex)
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
            batch.removeAll(keepingCapacity: true)
        }
    }
}
