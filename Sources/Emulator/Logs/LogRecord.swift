/// One line of a function's execution log, for the console.
public struct LogRecord: Sendable {
    /// Where a line comes from.
    public enum Source: Sendable {
        /// A platform line (INIT_START, START, END, REPORT, timeouts).
        case platform
        /// The function's standard output.
        case standardOutput
        /// The function's standard error.
        case standardError
    }

    /// The function's name.
    public var functionName: String
    /// The instance (execution environment) number, from 1; each has its own log stream.
    public var instance: Int
    /// The request the line belongs to, nil for lines outside any invocation.
    public var requestID: String?
    /// Where the line comes from.
    public var source: Source
    /// The line, without its newline.
    public var message: String
}
