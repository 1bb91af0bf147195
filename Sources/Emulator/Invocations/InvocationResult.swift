/// The outcome of one invocation, as the Invoke API reports it.
public struct InvocationResult: Sendable {
    /// The request id (`Lambda-Runtime-Aws-Request-Id`).
    public var requestID: String
    /// The response bytes, or the error JSON when `functionError` is set.
    public var payload: [UInt8]
    /// The response's content type as the runtime sent it, if any.
    public var contentType: String?
    /// `Unhandled` for a function error (the value of `X-Amz-Function-Error`), nil on success.
    public var functionError: String?
    /// The error type (`Sandbox.Timedout`, `Runtime.ExitError`, the function's own type), nil on success.
    public var errorType: String?
    /// The execution log lines of this invocation (INIT_START on a cold start … REPORT).
    public var logLines: [String]
    /// The version that ran (`X-Amz-Executed-Version`).
    public var executedVersion: String
    /// Status, headers and body of a streamed response that began with a Function URL prelude
    /// (`application/vnd.awslambda.http-integration-response`).
    public var httpIntegrationResponse: HTTPIntegrationResponse?

    /// The status line and headers a streaming function sent in its prelude, and the body after it.
    public struct HTTPIntegrationResponse: Sendable {
        /// The prelude JSON (`{"statusCode":201,"headers":{…},"cookies":[…]}`).
        public var prelude: [UInt8]
        /// The bytes after the 8 NUL separator.
        public var body: [UInt8]
    }

    /// The log as text, one line each.
    public var log: String { logLines.map { $0 + "\n" }.joined() }

    /// The last 4 KB of the log, as `X-Amz-Log-Result` carries it (before base64).
    public var logTail: [UInt8] {
        let bytes = Array(log.utf8)
        return bytes.count > 4096 ? Array(bytes.suffix(4096)) : bytes
    }
}
