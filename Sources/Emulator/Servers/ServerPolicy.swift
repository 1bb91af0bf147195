/// How a server treats its connections: who may call, how long a connection may dawdle, how many are served at
/// once, how large a request head may be.
struct ServerPolicy: Sendable {
    /// Checked on every request head; nil serves every caller (a Runtime API, whose only caller is its process).
    var callerCheck: CallerCheck?
    /// Longest time from a request's first byte to its complete head; nil for none.
    var headerTimeout: Duration?
    /// Longest time a connection may stay open without a request in flight; nil for none.
    var idleTimeout: Duration?
    /// Most connections at once; past it the oldest idle connection is closed, or the new one refused when all
    /// are busy. Nil for no cap.
    var maxConnections: Int?
    /// Largest request head (one header may be most of it).
    var maxHeadSize = 80 * 1024

    /// A Runtime API: no timeout (`GET next` long-polls, a runtime idles between invocations as long as it likes),
    /// heads up to 1 MiB as Lambda accepts (runtimes send X-Ray error causes as a header).
    static let runtimeAPI = ServerPolicy(maxHeadSize: 1024 * 1024)

    /// A listener for callers on this machine (the Invoke API, the API front).
    static func publicFront(
        allowedHosts: [String], refusesBrowsers: Bool, headerTimeout: Duration, idleTimeout: Duration,
        maxConnections: Int
    ) -> ServerPolicy {
        ServerPolicy(
            callerCheck: .loopback(alsoAllow: allowedHosts, refusesBrowsers: refusesBrowsers),
            headerTimeout: headerTimeout, idleTimeout: idleTimeout, maxConnections: maxConnections)
    }
}
