#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Runs blocking work on a new, detached POSIX thread, off Swift's cooperative pool.
enum DetachedThread {
    private final class Work {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    static func start(_ body: @escaping @Sendable () -> Void) {
        let work = Unmanaged.passRetained(Work(body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { argument in
            Unmanaged<Work>.fromOpaque(argument!).takeRetainedValue().body()
            return nil
        }, work)
        if status == 0 {
            pthread_detach(thread)
        } else {
            // No thread to be had (resource limits): doing the work here is slower but still correct.
            Unmanaged<Work>.fromOpaque(work).takeRetainedValue().body()
        }
    }
}
