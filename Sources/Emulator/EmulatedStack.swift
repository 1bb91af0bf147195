import NIOCore
import NIOPosix
import StackTemplate

/// The whole local stack of a template: the functions, the Invoke API and the API Gateway front.
///
/// The CLI's `start` and the tests use this type; a scheduler can drive `lambda.invokeEvent`.
public final class EmulatedStack: Sendable {
    /// Where to listen.
    public struct Configuration: Sendable {
        /// The address to bind; loopback by default, so nothing is reachable from other machines.
        public var host: String = "127.0.0.1"
        /// The Invoke API port (0 picks a free one); nil to not serve it.
        public var invokePort: Int? = 3001
        /// The API Gateway front port (0 picks a free one); nil to not serve it.
        public var apiPort: Int? = 3000
        /// Settings of the Lambda service.
        public var emulator: EmulatorConfiguration = .init()

        /// Creates the default configuration.
        public init() {}
    }

    /// The Lambda service (invoke functions directly, e.g. from a scheduler).
    public let lambda: LocalLambda
    /// The template the stack runs.
    public let template: StackTemplate
    /// The bound Invoke API port, if served.
    public let invokePort: Int?
    /// The bound API front port, if served.
    public let apiPort: Int?
    private let servers: [HTTPServer]

    private init(lambda: LocalLambda, template: StackTemplate, invoke: HTTPServer?, api: HTTPServer?) {
        self.lambda = lambda
        self.template = template
        self.invokePort = invoke?.port
        self.apiPort = api?.port
        self.servers = [invoke, api].compactMap { $0 }
    }

    /// Starts the servers; functions start on their first invocation.
    /// - Parameters:
    ///   - template: The template (functions, routes).
    ///   - functions: The functions with their code, e.g. from `LocalFunction.locate`.
    ///   - configuration: Host, ports and service settings.
    ///   - group: Event loops for all servers.
    /// - Returns: The running stack.
    /// - Throws: `EmulatorError.portInUse` or a bind error.
    public static func start(
        template: StackTemplate, functions: [LocalFunction], configuration: Configuration = .init(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> EmulatedStack {
        let lambda = LocalLambda(functions: functions, configuration: configuration.emulator, group: group)
        var invoke: HTTPServer?
        var api: HTTPServer?
        do {
            if let port = configuration.invokePort {
                invoke = try await HTTPServer.start(
                    host: configuration.host, port: port, maxBodySize: LocalLambda.requestLimit + 1, group: group
                ) { request, loop in InvokeAPI.respond(to: request, lambda: lambda, on: loop) }
            }
            if let port = configuration.apiPort {
                let front = APIGatewayFront(template: template, lambda: lambda)
                // API Gateway's payload limit is 10 MB.
                api = try await HTTPServer.start(
                    host: configuration.host, port: port, maxBodySize: 10 * 1024 * 1024, group: group
                ) { request in await front.respond(to: request) }
            }
        } catch {
            await invoke?.shutdown()
            await lambda.shutdown()
            throw error
        }
        return EmulatedStack(lambda: lambda, template: template, invoke: invoke, api: api)
    }

    /// Stops the servers, then every function process.
    public func shutdown() async {
        for server in servers { await server.shutdown() }
        await lambda.shutdown()
    }
}
