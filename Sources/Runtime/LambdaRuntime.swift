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
    /// - Parameter body: Called for each invocation; may be synchronous or `async`.
    public static func run<Event: Decodable & Sendable, Output: Encodable & Sendable>(
        _ body: @escaping @Sendable (Event, LambdaContext) async throws -> Output
    ) -> Never {
        start { CodableHandlerAdapter(ClosureHandler(body)) }
    }

    /// Creates a handler once (the function's init phase), then runs it for each invocation.
    ///
    /// If `makeHandler` throws, the error goes to `/runtime/init/error` and the process exits 1.
    /// - Parameter makeHandler: Creates the handler and the state it keeps across invocations.
    public static func run<Handler: LambdaHandler>(_ makeHandler: @escaping @Sendable () async throws -> Handler) -> Never {
        start { CodableHandlerAdapter(try await makeHandler()) }
    }

    /// Creates a raw-bytes handler once, then runs it for each invocation.
    /// - Parameter makeHandler: Creates the handler.
    public static func run<Handler: LambdaByteHandler>(bytes makeHandler: @escaping @Sendable () async throws -> Handler) -> Never {
        start { try await makeHandler() }
    }

    /// Serves whichever of several handlers the function's `Handler` setting (`_HANDLER`) names.
    ///
    /// An unknown or missing `_HANDLER` is an init error (`Runtime.HandlerNotFound`).
    /// - Parameter handlers: Handler factories by name; typed handlers are wrapped in ``CodableHandlerAdapter``.
    public static func run(handlers: [String: @Sendable () async throws -> any LambdaByteHandler]) -> Never {
        start {
            let name = ProcessEnvironment.value("_HANDLER")
            guard let name, let makeHandler = handlers[name] else {
                throw LambdaRuntimeError.handlerNotFound(name, available: Array(handlers.keys))
            }
            return try await makeHandler()
        }
    }

    private static func start(_ makeHandler: @escaping @Sendable () async throws -> any LambdaByteHandler) -> Never {
        Lifecycle.blockTermination()
        Task.detached { await runUntilExit(makeHandler) }
        Lifecycle.waitForTermination()
    }

    private static func runUntilExit(_ makeHandler: @Sendable () async throws -> any LambdaByteHandler) async -> Never {
        let environment = ProcessEnvironment.all()
        let logConfiguration = LogConfiguration(environment: environment)
        let logger = Logger(label: "Lambda") { _ in LambdaLogHandler(configuration: logConfiguration, requestID: nil) }
        guard let address = environment["AWS_LAMBDA_RUNTIME_API"], !address.isEmpty else {
            fatal("AWS_LAMBDA_RUNTIME_API is not set: this program is a Lambda bootstrap; run it on Lambda or under `lambda-local`.")
        }
        let client: RuntimeAPIClient
        do {
            client = try RuntimeAPIClient(address: address)
            try client.connect()
        } catch {
            fatal("cannot reach the Runtime API at \(address): \(error)")
        }
        CrashReporter.install(address: address, environment: environment)
        let handler: any LambdaByteHandler
        do {
            handler = try await makeHandler()
        } catch {
            let report = ErrorReport(error)
            logger.critical("Init failed: \(report.errorType): \(report.errorMessage)")
            _ = try? client.sendInitError(report)
            exit(1)
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

    /// One clear line on standard error, then exit 1: the Runtime API is gone or broken.
    private static func fatal(_ message: String) -> Never {
        let line = Array("LambdaRuntime: fatal: \(message)\n".utf8)
        line.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
        exit(1)
    }
}
