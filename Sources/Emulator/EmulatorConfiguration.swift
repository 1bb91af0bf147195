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
    /// Credentials given to functions: dummy ones by default, so that a function (or whoever makes it run) never
    /// holds the developer's keys; `hostCredentials()` passes this process's own on request.
    public var credentials: [String: String] = EmulatorConfiguration.dummyCredentials
    /// Extra variables for every function (e.g. `AWS_ENDPOINT_URL_S3`); the function's own variables win.
    public var extraEnvironment: [String: String] = [:]
    /// Where log lines go as they happen; by default, standard error.
    public var logSink: @Sendable (LogRecord) -> Void = ConsoleLog.write
    /// Where the emulator's own lines go (one per schedule firing); by default, standard error.
    public var noticeSink: @Sendable (String) -> Void = ConsoleLog.write(line:)

    /// Creates the default configuration.
    public init() {}

    /// Local stand-ins: accepted by local services (moto), refused by AWS.
    public static let dummyCredentials = [
        "AWS_ACCESS_KEY_ID": "AKIALOCALEMULATOR000",
        "AWS_SECRET_ACCESS_KEY": "local-emulator-secret-access-key",
        "AWS_SESSION_TOKEN": "local-emulator-session-token",
    ]

    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` from `environment` (this process's by
    /// default), dummy values for those it lacks; a missing session token is left out.
    /// - Parameter environment: Where to read them.
    /// - Returns: The variables.
    public static func hostCredentials(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> [String: String] {
        var credentials = [
            "AWS_ACCESS_KEY_ID": environment["AWS_ACCESS_KEY_ID"] ?? dummyCredentials["AWS_ACCESS_KEY_ID"]!,
            "AWS_SECRET_ACCESS_KEY": environment["AWS_SECRET_ACCESS_KEY"] ?? dummyCredentials["AWS_SECRET_ACCESS_KEY"]!,
        ]
        credentials["AWS_SESSION_TOKEN"] = environment["AWS_SESSION_TOKEN"]
        return credentials
    }
}
