import Foundation

/// A helper server for tests: a Python script from `Tests/TestServers/Scripts` that binds
/// 127.0.0.1 on free ports, prints one JSON line describing them, and runs until its stdin closes.
///
/// The first line doubles as the readiness check: the script prints it only after binding.
/// ``stop()`` (or deinit) closes stdin and, if needed, terminates the process by its id.
public final class ServerProcess: @unchecked Sendable {
    /// The JSON object the script printed on start, for example `{"port": 41234}`.
    public let info: [String: Any]
    private let process: Process
    private let stdin: Pipe
    private let stdout: FileHandle

    /// Starts a script and waits until it reports its ports.
    /// - Parameters:
    ///   - script: File name in `Tests/TestServers/Scripts`, for example `http_test_server.py`.
    ///   - arguments: Extra command-line arguments.
    /// - Throws: When the script cannot be started or exits before reporting.
    public init(script: String, arguments: [String] = []) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", TestPaths.scripts.appendingPathComponent(script).path] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        self.process = process
        self.stdin = stdin
        self.stdout = stdout.fileHandleForReading
        guard let line = Self.readLine(self.stdout),
              let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else {
            process.terminate()
            throw ServerProcessError(message: "\(script) exited before reporting its ports")
        }
        self.info = object
    }

    /// The port named `name` in the script's report.
    /// - Parameter name: The key, `port` by default.
    /// - Returns: The port number.
    public func port(_ name: String = "port") -> Int {
        info[name] as! Int
    }

    /// Reads the script's next line of output, waiting for it.
    /// - Returns: The line, or `nil` once the script has exited.
    public func nextLine() -> String? {
        Self.readLine(stdout)
    }

    /// Stops the server: closes its stdin, then terminates it by process id if it lingers.
    public func stop() {
        guard process.isRunning else { return }
        try? stdin.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline {
            usleep(10_000)
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }

    deinit {
        stop()
    }

    private static func readLine(_ handle: FileHandle) -> String? {
        var bytes: [UInt8] = []
        while true {
            let chunk = handle.readData(ofLength: 1)
            guard let byte = chunk.first else { return nil }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
    }
}

/// A helper server failed to start.
public struct ServerProcessError: Error, CustomStringConvertible {
    /// What went wrong.
    public let message: String
    /// The message.
    public var description: String { message }
}
