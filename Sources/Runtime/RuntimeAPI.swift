import FoundationEssentials

/// The four calls of the Lambda Runtime API, behind a protocol so the loop runs against a mock in tests.
protocol RuntimeAPI: AnyObject {
    /// Waits, without timeout, for the next event.
    func nextInvocation() throws -> Invocation
    /// Posts a result.
    func sendResponse(requestID: String, body: Data) throws -> PostOutcome
    /// Posts a function error.
    func sendError(requestID: String, report: ErrorReport) throws -> PostOutcome
    /// Posts an initialisation error; the runtime exits afterwards.
    func sendInitError(_ report: ErrorReport) throws -> PostOutcome
}

/// How the Runtime API answered a POST.
enum PostOutcome: Equatable, Sendable {
    /// 2xx.
    case accepted
    /// A 4xx the runtime can survive: stale request id (400), wrong state (403), too large (413).
    case rejected(status: Int, body: String)
}
