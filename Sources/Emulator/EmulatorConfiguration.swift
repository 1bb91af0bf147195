import Foundation

/// Settings of the local Lambda service that are not in the template.
public struct EmulatorConfiguration: Sendable {
    /// Region for `AWS_REGION` and ARNs.
    public var region: String = "us-east-1"
    /// Account id for ARNs.
    public var accountID: String = "123456789012"
    /// Most instances (execution environments) of one function at once; further invocations wait in line.
    public var maxConcurrency: Int = 10
    /// Longest init (bootstrap start to first `GET next`), as Lambda's 10 s limit.
    public var initTimeout: Duration = .seconds(10)
    /// Credentials given to functions; the emulator's own `AWS_*` credentials, or dummy ones.
    public var credentials: [String: String] = EmulatorConfiguration.hostCredentials()
    /// Extra variables for every function (e.g. `AWS_ENDPOINT_URL_S3`); the function's own variables win.
    public var extraEnvironment: [String: String] = [:]
    /// Where log lines go as they happen; by default, standard error.
    public var logSink: @Sendable (LogRecord) -> Void = ConsoleLog.write

    /// Creates the default configuration.
    public init() {}

    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` from this process, or dummy values.
    /// - Returns: The three variables.
    public static func hostCredentials() -> [String: String] {
        let host = ProcessInfo.processInfo.environment
        return [
            "AWS_ACCESS_KEY_ID": host["AWS_ACCESS_KEY_ID"] ?? "AKIALOCALEMULATOR000",
            "AWS_SECRET_ACCESS_KEY": host["AWS_SECRET_ACCESS_KEY"] ?? "local-emulator-secret-access-key",
            "AWS_SESSION_TOKEN": host["AWS_SESSION_TOKEN"] ?? "local-emulator-session-token",
        ]
    }
}
