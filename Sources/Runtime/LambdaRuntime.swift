#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import FoundationEssentials
import Logging

/// Entry points of a function's `bootstrap`: start the runtime with a handler and never return.
///
/// ```swift
/// LambdaRuntime.run { (event: Request, context: LambdaContext) in
///     Response(message: "Hello \(event.name)")
/// }
/// ```
public enum LambdaRuntime {
    /// Runs a closure for each invocation, with typed JSON event and result.
    ///
    /// The closure is `@Sendable`, so under `AWS_LAMBDA_MAX_CONCURRENCY` > 1 every concurrent invocation calls it.
    /// - Parameter body: Called for each invocation; may be synchronous or `async`.
    public static func run<Event: Decodable & Sendable, Output: Encodable & Sendable>(
        _ body: @escaping @Sendable (Event, LambdaContext) async throws -> Output
    ) -> Never {
        start(.shared { .buffered(CodableHandlerAdapter(ClosureHandler(body))) })
    }

    /// Creates a handler once (the function's init phase), then runs it for each invocation.
    ///
    /// Under `AWS_LAMBDA_MAX_CONCURRENCY` > 1, a handler that is not `Sendable` is never shared: each concurrent
    /// slot gets its own instance from `makeHandler`. Make the handler `Sendable` to share one instance (and its
    /// caches and clients) across concurrent invocations.
    /// If `makeHandler` throws, the error goes to `/runtime/init/error` and the process exits 1.
    /// - Parameter makeHandler: Creates the handler and the state it keeps across invocations.
    public static func run<Handler: LambdaHandler>(_ makeHandler: @escaping @Sendable () async throws -> Handler) -> Never {
        start(.perSlot { .buffered(CodableHandlerAdapter(try await makeHandler())) })
    }

    /// Creates a `Sendable` handler once, then runs it for each invocation; concurrent invocations
    /// (`AWS_LAMBDA_MAX_CONCURRENCY` > 1) share the one instance.
    /// - Parameter makeHandler: Creates the handler and the state it keeps across invocations.
    public static func run<Handler: LambdaHandler & Sendable>(
        _ makeHandler: @escaping @Sendable () async throws -> Handler
    ) -> Never {
        start(.shared { .buffered(CodableHandlerAdapter(try await makeHandler())) })
    }

    /// Creates a raw-bytes handler once, then runs it for each invocation (one instance per concurrent slot).
    /// - Parameter makeHandler: Creates the handler.
    public static func run<Handler: LambdaByteHandler>(bytes makeHandler: @escaping @Sendable () async throws -> Handler) -> Never {
        start(.perSlot { .buffered(try await makeHandler()) })
    }

    /// Creates a `Sendable` raw-bytes handler once, shared by concurrent invocations.
    /// - Parameter makeHandler: Creates the handler.
    public static func run<Handler: LambdaByteHandler & Sendable>(
        bytes makeHandler: @escaping @Sendable () async throws -> Handler
    ) -> Never {
        start(.shared { .buffered(try await makeHandler()) })
    }

    /// Creates a streaming handler once, then runs it for each invocation (one instance per concurrent slot).
    /// - Parameter makeHandler: Creates the handler.
    public static func run<Handler: LambdaStreamingHandler>(
        streaming makeHandler: @escaping @Sendable () async throws -> Handler
    ) -> Never {
        start(.perSlot { .streaming(StreamingHandlerAdapter(try await makeHandler())) })
    }

    /// Creates a `Sendable` streaming handler once, shared by concurrent invocations.
    /// - Parameter makeHandler: Creates the handler.
    public static func run<Handler: LambdaStreamingHandler & Sendable>(
        streaming makeHandler: @escaping @Sendable () async throws -> Handler
    ) -> Never {
        start(.shared { .streaming(StreamingHandlerAdapter(try await makeHandler())) })
    }

    /// Runs a closure that streams each invocation's response through a ``LambdaResponseWriter``.
    /// - Parameter body: Called for each invocation with the decoded event, the writer and the context.
    public static func run<Event: Decodable & Sendable>(
        streaming body: @escaping @Sendable (Event, LambdaResponseWriter, LambdaContext) async throws -> Void
    ) -> Never {
        start(.shared { .streaming(StreamingHandlerAdapter(StreamingClosureHandler(body))) })
    }

    /// Serves whichever of several handlers the function's `Handler` setting (`_HANDLER`) names.
    ///
    /// An unknown or missing `_HANDLER` is an init error (`Runtime.HandlerNotFound`). Under
    /// `AWS_LAMBDA_MAX_CONCURRENCY` > 1 each concurrent slot gets its own instance.
    /// - Parameter handlers: Handler factories by name; typed handlers are wrapped in ``CodableHandlerAdapter``.
    public static func run(handlers: [String: @Sendable () async throws -> any LambdaByteHandler]) -> Never {
        start(.perSlot {
            let name = ProcessEnvironment.value("_HANDLER")
            guard let name, let makeHandler = handlers[name] else {
                throw LambdaRuntimeError.handlerNotFound(name, available: Array(handlers.keys))
            }
            return .buffered(try await makeHandler())
        })
    }

    private static func start(_ source: HandlerSource) -> Never {
        Lifecycle.blockTermination()
        Task.detached { await runUntilExit(source) }
        Lifecycle.waitForTermination()
    }

    private static func runUntilExit(_ source: HandlerSource) async {
        let environment = ProcessEnvironment.all()
        let logConfiguration = LogConfiguration(environment: environment)
        let logger = Logger(label: "Lambda") { _ in LambdaLogHandler(configuration: logConfiguration, requestID: nil) }
        guard let address = environment["AWS_LAMBDA_RUNTIME_API"], !address.isEmpty else {
            fatal("AWS_LAMBDA_RUNTIME_API is not set: this program is a Lambda bootstrap; run it on Lambda or under `lambda-local`.")
        }
        let concurrency: Int
        do {
            concurrency = try ConcurrentSlots.concurrency(environment["AWS_LAMBDA_MAX_CONCURRENCY"])
        } catch {
            fatal("\(error)")
        }
        let client: RuntimeAPIClient
        do {
            client = try RuntimeAPIClient(address: address)
            try client.connect()
        } catch {
            fatal("cannot reach the Runtime API at \(address): \(error)")
        }
        if concurrency > 1 {
            Lifecycle.beginConcurrent()
            let slots = ConcurrentSlots(
                count: concurrency, address: address, firstClient: client, logConfiguration: logConfiguration)
            await slots.run(source, logger: logger)
            return
        }
        // One invocation in flight: a crash can be reported as its error (with several, the reporter stays off).
        CrashReporter.install(address: address, environment: environment)
        let handler: LoopHandler
        do {
            handler = try await source.make()
        } catch {
            reportInitError(error, client: client, logger: logger)
        }
        let loop = LambdaLoop(
            api: client, handler: handler, logConfiguration: logConfiguration,
            shouldStop: Lifecycle.becameIdle, mayStart: Lifecycle.invocationStarted)
        if Lifecycle.becameIdle() { exit(0) }
        do {
            try await loop.run()
        } catch {
            fatal("\(error)")
        }
        exit(0)
    }

    /// Posts an init error, logs it, and exits 1.
    static func reportInitError(_ error: any Error, client: RuntimeAPIClient, logger: Logger) -> Never {
        let report = ErrorReport(error)
        logger.critical("Init failed: \(report.errorType): \(report.errorMessage)")
        _ = try? client.sendInitError(report)
        exit(1)
    }

    /// One clear line on standard error, then exit 1: the Runtime API is gone or broken.
    static func fatal(_ message: String) -> Never {
        let line = Array("LambdaRuntime: fatal: \(message)\n".utf8)
        line.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
        exit(1)
    }
}
