import CCurl
import Synchronization

/// A curl easy handle; used by one transfer at a time, so it may move between threads.
struct EasyHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
}

/// Idle easy handles kept for reuse: a reused handle keeps its open connections, TLS session
/// and DNS cache, which saves a handshake per request to the same host.
final class EasyHandlePool: Sendable {
    private let idle = Mutex<[EasyHandle]>([])
    private let maxIdle: Int

    init(maxIdle: Int) {
        self.maxIdle = maxIdle
    }

    func take() -> EasyHandle {
        if let handle = idle.withLock({ $0.popLast() }) {
            curl_easy_reset(handle.raw)
            return handle
        }
        guard let raw = curl_easy_init() else {
            fatalError("curl_easy_init failed: out of memory")
        }
        return EasyHandle(raw: raw)
    }

    func give(back handle: EasyHandle) {
        let kept = idle.withLock { handles -> Bool in
            guard handles.count < maxIdle else { return false }
            handles.append(handle)
            return true
        }
        if !kept {
            curl_easy_cleanup(handle.raw)
        }
    }

    deinit {
        for handle in idle.withLock({ $0 }) {
            curl_easy_cleanup(handle.raw)
        }
    }
}
