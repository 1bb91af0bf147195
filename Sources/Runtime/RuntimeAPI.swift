import FoundationEssentials

/// The calls of the Lambda Runtime API, behind a protocol so the loop runs against a mock in tests.
///
/// `invocationID` is the invocation's `Lambda-Runtime-Invocation-Id`, echoed as a request header when Lambda
/// sent one (nil: nothing is echoed).
protocol RuntimeAPI: AnyObject {
    /// Waits, without timeout, for the next event.
    func nextInvocation() throws -> Invocation
    /// Posts a result.
    func sendResponse(requestID: String, invocationID: String?, body: Data) throws -> PostOutcome
    /// Posts a function error.
    func sendError(requestID: String, invocationID: String?, report: ErrorReport) throws -> PostOutcome
    /// Posts an initialisation error; the runtime exits afterwards.
    func sendInitError(_ report: ErrorReport) throws -> PostOutcome
    /// Starts a streamed response: sends the head of a chunked `/response` in streaming mode.
    func beginStream(requestID: String, invocationID: String?, contentType: String) throws
    /// Sends one non-empty chunk of a started stream; blocks while the peer is not reading (back-pressure).
    func writeStreamChunk(_ bytes: UnsafeRawBufferPointer) throws
    /// Ends a started stream, with the error trailers when `error` is set, and reads Lambda's answer.
    func endStream(error: ErrorReport?) throws -> PostOutcome
}

extension RuntimeAPI {
    /// Posts a result for an invocation without an invocation id.
    func sendResponse(requestID: String, body: Data) throws -> PostOutcome {
        try sendResponse(requestID: requestID, invocationID: nil, body: body)
    }

    /// Posts a function error for an invocation without an invocation id.
    func sendError(requestID: String, report: ErrorReport) throws -> PostOutcome {
        try sendError(requestID: requestID, invocationID: nil, report: report)
    }
}

/// How the Runtime API answered a POST.
enum PostOutcome: Equatable, Sendable {
    /// 2xx.
    case accepted
    /// A 4xx the runtime can survive: stale request id (400), wrong state (403), stale invocation (410),
    /// too large (413).
    case rejected(status: Int, body: String)
}
