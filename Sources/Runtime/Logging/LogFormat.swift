import Logging

/// How log lines are written, from Lambda's advanced logging controls.
struct LogConfiguration: Sendable, Equatable {
    /// `Text` (Lambda's default) or `JSON` (one object per line).
    enum Format: Sendable, Equatable { case text, json }

    var format: Format
    var level: Logger.Level

    /// Reads `AWS_LAMBDA_LOG_FORMAT` (`JSON`/`Text`, any case; absent = Text) and `AWS_LAMBDA_LOG_LEVEL`
    /// (`TRACE`…`FATAL`; absent or unknown = INFO).
    init(environment: [String: String]) {
        format = environment["AWS_LAMBDA_LOG_FORMAT"]?.uppercased() == "JSON" ? .json : .text
        level = Self.level(named: environment["AWS_LAMBDA_LOG_LEVEL"]) ?? .info
    }

    init(format: Format, level: Logger.Level) {
        self.format = format
        self.level = level
    }

    static func level(named name: String?) -> Logger.Level? {
        switch name?.uppercased() {
        case "TRACE": .trace
        case "DEBUG": .debug
        case "INFO": .info
        case "WARN", "WARNING": .warning
        case "ERROR": .error
        case "FATAL", "CRITICAL": .critical
        default: nil
        }
    }

    /// Lambda's name for a swift-log level.
    static func lambdaName(_ level: Logger.Level) -> String {
        switch level {
        case .trace: "TRACE"
        case .debug: "DEBUG"
        case .info, .notice: "INFO"
        case .warning: "WARN"
        case .error: "ERROR"
        case .critical: "FATAL"
        }
    }
}
