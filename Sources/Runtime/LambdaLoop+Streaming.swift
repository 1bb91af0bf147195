/// The loop's path for a streaming function: the handler writes through a ``LambdaResponseWriter``.
extension LambdaLoop {
    /// `run()` for a streaming function.
    func runStreaming(_ handler: any StreamingByteHandler) async throws {
        while true {
            let invocation = try api.nextInvocation()
            guard mayStart() else { return }
            if setsTraceEnvironment { TraceEnvironment.set(invocation.traceID) }
            let context = LambdaContext(invocation: invocation, logConfiguration: logConfiguration)
            try await stream(invocation, to: handler, context: context)
            if shouldStop() { return }
        }
    }

    /// Runs a streaming handler for one invocation and ends its stream.
    ///
    /// A failure before the first byte is posted to `/error` like any function error; after it, the stream ends
    /// with `Lambda-Runtime-Function-Error-Type`/`-Body` trailers, as Lambda's contract asks.
    func stream(_ invocation: Invocation, to handler: any StreamingByteHandler, context: LambdaContext) async throws {
        let writer = LambdaResponseWriter(
            api: api, requestID: invocation.requestID, invocationID: invocation.invocationID, limit: streamLimit)
        do {
            if let problem = invocation.headerProblem { throw LambdaRuntimeError.invalidInvocation(problem) }
            try await handler.handle(invocation.body, responseWriter: writer, context: context)
            try writer.end(error: nil)
        } catch {
            let report = ErrorReport(error)
            context.logger.error("\(report.errorType): \(report.errorMessage)")
            switch writer.state {
            case .notStarted:
                let outcome = try api.sendError(
                    requestID: invocation.requestID, invocationID: invocation.invocationID, report: report)
                log(outcome, of: "error", context: context)
                return
            case .streaming:
                try writer.end(error: report)
            case .finished:
                break  // the response went out whole; the error is only logged
            }
        }
        if let outcome = writer.outcome { log(outcome, of: "streamed response", context: context) }
    }
}
