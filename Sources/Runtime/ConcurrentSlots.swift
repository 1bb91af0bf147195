import Logging

/// `AWS_LAMBDA_MAX_CONCURRENCY` > 1 (Lambda Managed Instances): N invocation loops in one process, each with its
/// own Runtime API connection and its own thread, so N invocations run at once.
///
/// Each slot is today's loop unchanged; only the lifecycle hooks differ (a count of invocations in flight, so
/// SIGTERM lets every one of them finish) and `_X_AMZN_TRACE_ID` is left alone (one variable cannot hold N
/// trace ids; handlers read `context.traceID`).
struct ConcurrentSlots {
    /// A bound on the variable, so a typo cannot start a million threads.
    static let maxConcurrency = 1024

    let count: Int
    let address: String
    let firstClient: RuntimeAPIClient
    let logConfiguration: LogConfiguration

    /// The concurrency `AWS_LAMBDA_MAX_CONCURRENCY` asks for: 1 when unset or empty.
    /// - Throws: ``LambdaRuntimeError`` `missingEnvironment` when it is not a whole number from 1 to 1024.
    static func concurrency(_ value: String?) throws -> Int {
        guard let value, !value.isEmpty else { return 1 }
        guard value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), value.utf8.count <= 5,
            let count = Int(value), (1...maxConcurrency).contains(count)
        else {
            throw LambdaRuntimeError.missingEnvironment(
                "AWS_LAMBDA_MAX_CONCURRENCY '\(value)' is not a whole number from 1 to \(maxConcurrency)")
        }
        return count
    }

    /// Makes the handlers (the init phase: once if shared, else once per slot), starts every slot, and returns;
    /// the slots' threads and the SIGTERM thread keep the process alive.
    func run(_ source: HandlerSource, logger: Logger) async {
        var handlers: [LoopHandler] = []
        do {
            for _ in 0..<(source.isShared ? 1 : count) { handlers.append(try await source.make()) }
        } catch {
            LambdaRuntime.reportInitError(error, client: firstClient, logger: logger)
        }
        for slot in 0..<count {
            let client: RuntimeAPIClient
            do {
                client = slot == 0 ? firstClient : try RuntimeAPIClient(address: address)
            } catch {
                LambdaRuntime.fatal("\(error)")
            }
            let loop = LambdaLoop(
                api: client, handler: handlers[source.isShared ? 0 : slot], logConfiguration: logConfiguration,
                shouldStop: Lifecycle.concurrentInvocationFinished, mayStart: Lifecycle.concurrentInvocationStarted,
                setsTraceEnvironment: false)
            // The loop moves to the one task that runs it; a shared handler was required to be Sendable.
            let box = UncheckedSendableBox(value: loop)
            Task(executorPreference: ThreadExecutor()) {
                do {
                    try await box.value.run()
                } catch {
                    LambdaRuntime.fatal("\(error)")
                }
                // SIGTERM arrived: this slot asks for no more; the last invocation in flight exits the process.
                Lifecycle.park()
            }
        }
        // Init is over: if SIGTERM came during it and nothing else is in flight, this exits.
        _ = Lifecycle.concurrentInvocationFinished()
    }
}
