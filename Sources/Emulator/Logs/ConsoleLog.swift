import Foundation

/// Writes log records to standard error, prefixed with the function and instance (its log stream) and, for the
/// function's own output, the first 8 characters of the request id it belongs to.
public enum ConsoleLog {
    /// Writes one record as `[name#instance] line` or `[name#instance 8476a536] line`.
    /// - Parameter record: The record.
    @Sendable public static func write(_ record: LogRecord) {
        FileHandle.standardError.write(Data((format(record) + "\n").utf8))
    }

    /// Writes one line of the emulator's own (such as a schedule firing) to standard error.
    /// - Parameter line: The line, without a newline, e.g. `[schedule Nightly] 2024-03-01T02:00:00Z → purge …`.
    @Sendable public static func write(line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// The console text of a record, without a newline.
    /// - Parameter record: The record.
    /// - Returns: The prefixed line.
    public static func format(_ record: LogRecord) -> String {
        var prefix = "\(record.functionName)#\(record.instance)"
        if record.source != .platform, let requestID = record.requestID { prefix += " " + requestID.prefix(8) }
        return "[\(prefix)] \(record.message)"
    }
}
