import CCrashReporter

/// Reports a crash (a Swift trap such as `fatalError` or an index out of range, or a fatal signal) to the
/// Runtime API as the error of the invocation in flight, `Runtime.Crash` with Swift's trap message and a
/// short stack, before the process dies as it would have. Lambda then answers the caller with that error
/// instead of a bare `Runtime.ExitError`.
///
/// The signal handler is C (`CCrashReporter`): it must not allocate or lock. All it needs is prepared
/// here: the address once, the request id per invocation (a copy of a few dozen bytes).
enum CrashReporter {
    /// Set once by `install`, before any invocation runs; `arm`/`disarm` do nothing without it (so concurrent
    /// slots, which never install, never share the one request-id buffer).
    nonisolated(unsafe) private static var isInstalled = false

    /// Installs the handlers for a Runtime API at `address` (`host:port`, IPv4 or `localhost`).
    /// Set `LAMBDA_CRASH_REPORTING=off` to leave signals alone, or `stack` to include a short stack in the report
    /// (warming the unwinder up at install costs ~18 ms of cold start in a static binary, so it is opt-in).
    /// - Parameters:
    ///   - address: `AWS_LAMBDA_RUNTIME_API`.
    ///   - environment: The process environment (for `LAMBDA_CRASH_REPORTING`).
    static func install(address: String, environment: [String: String]) {
        let setting = environment["LAMBDA_CRASH_REPORTING"]?.lowercased()
        guard setting != "off",
              let colon = address.lastIndex(of: ":"), let port = Int32(address[address.index(after: colon)...])
        else { return }
        isInstalled = crash_reporter_install(String(address[..<colon]), port, setting == "stack" ? 1 : 0) == 0
    }

    /// A crash from now on is reported as this invocation's error.
    /// - Parameter requestID: The invocation's id.
    @inline(__always)
    static func arm(_ requestID: String) {
        guard isInstalled else { return }
        var id = requestID
        id.withUTF8 { crash_reporter_arm($0.baseAddress, $0.count) }
    }

    /// The invocation's result was posted: a crash now is not its error.
    @inline(__always)
    static func disarm() {
        guard isInstalled else { return }
        crash_reporter_disarm()
    }
}
