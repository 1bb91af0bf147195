import Foundation

/// `moto_server` (PyPI `moto[server]`) on a free 127.0.0.1 port, stopped by process id when released: S3, Lambda,
/// IAM, CloudFormation, EventBridge and the rest of AWS for tests, reached by the real AWS CLI.
final class MotoServer {
    let process = Process()
    private let output: TemporaryFile
    /// `http://127.0.0.1:<port>`.
    let endpoint: String
    let port: Int

    /// Dummy credentials and a region, as the AWS CLI and our functions read them.
    static let credentials = [
        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1",
    ]

    /// Starts the server on port 0 and reads the port it bound from its banner.
    init(timeout: TimeInterval = 30) throws {
        output = try TemporaryFile()
        process.executableURL = URL(fileURLWithPath: try Command.which("moto_server"))
        process.arguments = ["-H", "127.0.0.1", "-p", "0"]
        process.standardOutput = output.handle
        process.standardError = output.handle
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        var found: Int?
        while found == nil && process.isRunning && Date() < deadline {
            found = Self.port(in: output.contents())
            if found == nil { usleep(20_000) }
        }
        guard let found else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            throw CommandError(description: "moto_server did not start: \(output.contents())")
        }
        port = found
        endpoint = "http://127.0.0.1:\(found)"
    }

    /// The port in Werkzeug's ` * Running on http://127.0.0.1:PORT` line, which it prints once it listens.
    private static func port(in banner: String) -> Int? {
        guard let range = banner.range(of: "Running on http://127.0.0.1:") else { return nil }
        return Int(banner[range.upperBound...].prefix { $0.isNumber })
    }

    /// Runs the real AWS CLI against this server with dummy credentials; returns its standard output.
    /// - Throws: `CommandError` with the CLI's output when it exits non-zero.
    @discardableResult
    func aws(_ arguments: [String]) throws -> String {
        let result = try Command.run("aws", ["--endpoint-url", endpoint] + arguments, extraEnvironment: Self.credentials)
        guard result.status == 0 else {
            throw CommandError(description: "aws \(arguments.joined(separator: " ")) exited \(result.status): \(result.output)")
        }
        return result.standardOutput
    }

    /// Like ``aws(_:)``, decoding the CLI's JSON output.
    func awsJSON(_ arguments: [String]) throws -> [String: Any] {
        let text = try aws(arguments + ["--output", "json"])
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw CommandError(description: "aws \(arguments.joined(separator: " ")) did not print a JSON object: \(text)")
        }
        return object
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
