import Foundation

/// `moto_service.py`: moto's server with every service (Secrets Manager, SSM, S3, …) on a free loopback port.
public final class MotoService: Sendable {
    private let process: ServerProcess
    /// `http://127.0.0.1:<port>`.
    public let endpoint: String

    /// Dummy credentials and a region for clients of this server (moto accepts any).
    public static let environment = [
        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing",
        "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1",
    ]

    /// One server for a whole test run, started on first use (moto takes seconds to import); tests that share it
    /// use names of their own. It stops when the test process ends.
    public static func shared() throws -> MotoService {
        try sharedServer.get()
    }

    private static let sharedServer = Result { try MotoService() }

    /// Starts moto.
    public init() throws {
        process = try ServerProcess(script: "moto_service.py")
        endpoint = "http://127.0.0.1:\(process.port())"
    }

    /// Stops it.
    public func stop() { process.stop() }

    /// Runs the real AWS CLI against this server (`aws --endpoint-url <endpoint> …`) and returns its output.
    /// - Throws: When it exits non-zero.
    @discardableResult
    public func aws(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["aws", "--endpoint-url", endpoint] + arguments
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") }
        environment.merge(Self.environment) { $1 }
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw ServerProcessError(message: "aws \(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(text)")
        }
        return text
    }
}
