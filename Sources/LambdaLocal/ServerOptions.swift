import ArgumentParser
import LambdaEmulator

/// Who may call `start`'s servers and how long connections may stay.
struct ServerOptions: ParsableArguments {
    @Option(name: .customLong("allow-host"), help: ArgumentHelp(
        "A Host name the servers also answer to, besides 127.0.0.1, localhost and [::1] (repeatable; other names get 403).",
        valueName: "name"))
    var allowedHosts: [String] = []

    @Option(help: ArgumentHelp("Seconds a client may take to send a request head.", valueName: "seconds"))
    var headerTimeout = 10.0

    @Option(help: ArgumentHelp("Seconds a connection may stay open with no request in flight.", valueName: "seconds"))
    var idleTimeout = 60.0

    @Option(help: "Most connections per server; past it the longest-idle one is closed.")
    var maxConnections = 256

    func validate() throws {
        guard headerTimeout > 0, idleTimeout > 0 else { throw ValidationError("timeouts must be over 0 seconds") }
        guard maxConnections > 0 else { throw ValidationError("--max-connections must be at least 1") }
        for name in allowedHosts where name.isEmpty || name.contains(where: { $0 == "/" || $0 == " " || $0 == "@" }) {
            throw ValidationError("--allow-host takes a host name, got '\(name)'")
        }
    }

    /// Applies the options to a stack configuration.
    func apply(to configuration: inout EmulatedStack.Configuration) {
        configuration.allowedHosts = allowedHosts
        configuration.headerTimeout = .milliseconds(Int64(headerTimeout * 1000))
        configuration.idleTimeout = .milliseconds(Int64(idleTimeout * 1000))
        configuration.maxConnections = maxConnections
    }
}
