import FoundationEssentials

/// One event from `GET /runtime/invocation/next`: its headers and body.
struct Invocation: Sendable {
    var requestID: String
    var deadlineMilliseconds: Int64
    var invokedFunctionARN: String
    var traceID: String?
    var clientContext: String?
    var cognitoIdentity: String?
    var tenantID: String?
    /// `Lambda-Runtime-Invocation-Id`, echoed on this invocation's posts so Lambda can tell a stale one (410).
    var invocationID: String? = nil
    var body: Data
    /// Set when a required header is missing or malformed: the runtime reports it as this invocation's error.
    var headerProblem: String?
}
