import Foundation

/// A built function executable started as a child process for end-to-end tests, with its output captured.
public final class FunctionProcess: @unchecked Sendable {
    public let process = Process()
    private let stdoutPipe = Pipe()
    private let stderrPipe = Pipe()

    /// The path of a built executable product.
    public static func executable(_ name: String) -> String {
        var directory = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).resolvingSymlinksInPath()
        // The test bundle sits in .build/<triple>/debug; on Linux it is a file, with products beside it.
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path),
            directory.pathComponents.count > 1
        {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent(name).path
    }

    /// Starts `executable` with `environment` added to a minimal environment.
    public init(executable: String, environment: [String: String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        var env = ["PATH": "/usr/bin:/bin", "TZ": ":UTC"]
        env.merge(environment) { $1 }
        process.environment = env
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        try process.run()
    }

    /// Waits for the process to exit, up to `timeout`; returns the exit status or nil if it is still running.
    public func waitForExit(timeout: TimeInterval = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Everything the process wrote to standard output so far (call after it exited).
    public func standardOutput() -> String {
        String(decoding: stdoutPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    /// Everything the process wrote to standard error (call after it exited).
    public func standardError() -> String {
        String(decoding: stderrPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    /// Sends a signal.
    public func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Kills the process if it is still running.
    public func terminate() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { terminate() }
}
