#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Sets `_X_AMZN_TRACE_ID` for each invocation, as X-Ray SDKs expect, without `setenv`.
///
/// glibc's `setenv` keeps every distinct value it was ever given (it cannot know whether a caller still holds
/// the old string), so a new trace id per invocation would grow memory without bound. `putenv` with one buffer
/// owned here rewrites the same entry in place.
enum TraceEnvironment {
    private static let name = Array("_X_AMZN_TRACE_ID=".utf8)
    nonisolated(unsafe) private static var buffer = UnsafeMutablePointer<CChar>.allocate(capacity: 512)
    nonisolated(unsafe) private static var capacity = 512
    nonisolated(unsafe) private static var isSet = false

    /// Sets the variable to `traceID`, or removes it when nil. Called only from the invocation loop.
    static func set(_ traceID: String?) {
        guard let traceID else {
            if isSet { unsetenv("_X_AMZN_TRACE_ID") }
            isSet = false
            return
        }
        let needed = name.count + traceID.utf8.count + 1
        if needed > capacity {
            // The old buffer stays allocated: the environment may still point at it until putenv below.
            capacity = max(needed, capacity * 2)
            buffer = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
            isSet = false
        }
        var value = traceID
        value.withUTF8 { value in
            name.withUnsafeBufferPointer { prefix in
                UnsafeMutableRawPointer(buffer).copyMemory(from: prefix.baseAddress!, byteCount: prefix.count)
            }
            if value.count > 0 {
                (UnsafeMutableRawPointer(buffer) + name.count).copyMemory(from: value.baseAddress!, byteCount: value.count)
            }
            buffer[name.count + value.count] = 0
        }
        if !isSet {
            putenv(buffer)
            isSet = true
        }
    }
}
