#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import FoundationEssentials
import Logging

/// The invocation loop: next → handle → respond, forever. Knows nothing of sockets.
struct LambdaLoop {
    let api: any RuntimeAPI
    let handler: any LambdaByteHandler
    let logConfiguration: LogConfiguration
    /// Set for a streaming function: invocations go to it, and `handler` is not called.
    var streamingHandler: (any StreamingByteHandler)? = nil
    /// False with concurrent slots: `_X_AMZN_TRACE_ID` is one per process and `putenv` races other threads.
    var setsTraceEnvironment = true
    /// The most a streamed response may carry.
    var streamLimit = LambdaResponseWriter.maxStreamedBytes
    /// Asked after each invocation; true stops the loop (SIGTERM arrived).
    var shouldStop: () -> Bool = { false }
    /// Asked when an invocation arrives; false means the process is exiting and the loop must stop.
    var mayStart: () -> Bool = { true }

    /// Runs until `shouldStop` says so.
    /// - Throws: Errors of the Runtime API itself (unreachable, protocol violation, 5xx): fatal for the process.
    func run() async throws {
        // Decided once, so the buffered path below is exactly the loop it always was.
        if let streamingHandler { return try await runStreaming(streamingHandler) }
        while true {
            let invocation = try api.nextInvocation()
            guard mayStart() else { return }
            try await process(invocation)
            if shouldStop() { return }
        }
    }

    /// Handles one invocation and posts its result or error.
    func process(_ invocation: Invocation) async throws {
        if setsTraceEnvironment { TraceEnvironment.set(invocation.traceID) }
        let context = LambdaContext(invocation: invocation, logConfiguration: logConfiguration)
        CrashReporter.arm(invocation.requestID)  // a crash from here on is posted as this invocation's error
        defer { CrashReporter.disarm() }
        do {
            if let problem = invocation.headerProblem { throw LambdaRuntimeError.invalidInvocation(problem) }
            let body = try await handler.handle(invocation.body, context: context)
            guard body.count <= RuntimeAPIClient.maxResponseBytes else {
                throw LambdaRuntimeError.responseTooLarge(size: body.count, limit: RuntimeAPIClient.maxResponseBytes)
            }
            let outcome = try api.sendResponse(
                requestID: invocation.requestID, invocationID: invocation.invocationID, body: body)
            if case .rejected(413, _) = outcome {
                throw LambdaRuntimeError.responseTooLarge(size: body.count, limit: RuntimeAPIClient.maxResponseBytes)
            }
            log(outcome, of: "response", context: context)
        } catch {
            let report = ErrorReport(error)
            context.logger.error("\(report.errorType): \(report.errorMessage)")
            log(try api.sendError(requestID: invocation.requestID, invocationID: invocation.invocationID, report: report),
                of: "error", context: context)
        }
    }

    /// A rejected post (stale id, wrong state) loses one result, not the process: say so and carry on. The
    /// logger is made only then: a logger costs allocations and most invocations never log.
    func log(_ outcome: PostOutcome, of kind: String, context: LambdaContext) {
        guard case .rejected(let status, let body) = outcome else { return }
        if status == 410 {
            // Lambda's answer to a post for an invocation that already ended (it timed out while the handler ran).
            context.logger.warning("The Runtime API answered 410 Gone to the \(kind): the invocation had already ended; its result is dropped")
        } else {
            context.logger.warning("The Runtime API rejected the \(kind) with \(status): \(body)")
        }
    }
}
