import NIOCore
import NIOPosix
import ScheduleExpressions
import StackTemplate

/// The whole local stack of a template: the functions, the Invoke API, the API Gateway front and the schedules.
///
/// The CLI's `start` and the tests use this type.
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
        /// Whether to fire the template's schedule rules at their fire times.
        public var firesSchedules = false
        /// Whether to fire every enabled schedule rule once as the stack starts (only with `firesSchedules`).
        public var firesSchedulesAtStart = false
        /// Host names the servers answer to besides `127.0.0.1`, `localhost` and `[::1]` (with their ports).
        public var allowedHosts: [String] = []
        /// Longest time from a request's first byte to its complete head on the Invoke API and the API front.
        public var headerTimeout: Duration = .seconds(10)
        /// Longest time a connection to the Invoke API or the API front stays open with no request in flight.
        public var idleTimeout: Duration = .seconds(60)
        /// Most connections at once per server; past it the longest-idle one is closed (or, all busy, the new one
        /// is refused with a 503).
        public var maxConnections: Int = 256
        /// The clock schedules fire on; tests inject a `ManualScheduleClock`.
        public var scheduleClock: any ScheduleClock = SystemScheduleClock()

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
    /// The schedule rules being fired, nil when the stack does not fire schedules.
    public let schedules: LocalSchedules?
    private let servers: [HTTPServer]
    private let scheduling: Task<Void, Never>?

    private init(
        lambda: LocalLambda, template: StackTemplate, invoke: HTTPServer?, api: HTTPServer?,
        schedules: LocalSchedules?, scheduling: Task<Void, Never>?
    ) {
        self.lambda = lambda
        self.template = template
        self.invokePort = invoke?.port
        self.apiPort = api?.port
        self.servers = [invoke, api].compactMap { $0 }
        self.schedules = schedules
        self.scheduling = scheduling
    }

    /// Starts the servers and the schedules; functions start on their first invocation.
    /// - Parameters:
    ///   - template: The template (functions, routes, schedule rules).
    ///   - functions: The functions with their code, e.g. from `LocalFunction.locate`.
    ///   - configuration: Host, ports and service settings.
    ///   - group: Event loops for all servers.
    /// - Returns: The running stack.
    /// - Throws: `EmulatorError.portInUse` or a bind error; `EmulatorError.invalidScheduleRule` when the stack
    ///   fires schedules and a rule cannot be fired.
    public static func start(
        template: StackTemplate, functions: [LocalFunction], configuration: Configuration = .init(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> EmulatedStack {
        let lambda = LocalLambda(functions: functions, configuration: configuration.emulator, group: group)
        var schedules: LocalSchedules?
        if configuration.firesSchedules {
            do {
                schedules = try LocalSchedules(template: template, lambda: lambda, clock: configuration.scheduleClock)
            } catch {
                await lambda.shutdown()
                throw error
            }
        }
        var invoke: HTTPServer?
        var api: HTTPServer?
        do {
            if let port = configuration.invokePort {
                invoke = try await HTTPServer.start(
                    host: configuration.host, port: port, maxBodySize: LocalLambda.requestLimit + 1,
                    policy: configuration.policy(refusesBrowsers: true), group: group
                ) { request, loop in InvokeAPI.respond(to: request, lambda: lambda, on: loop) }
            }
            if let port = configuration.apiPort {
                let front = APIGatewayFront(template: template, lambda: lambda)
                // API Gateway's payload limit is 10 MB.
                // A web API: browsers may call it, under its own Host only.
                api = try await HTTPServer.start(
                    host: configuration.host, port: port, maxBodySize: 10 * 1024 * 1024,
                    policy: configuration.policy(refusesBrowsers: false), group: group
                ) { request in await front.respond(to: request) }
            }
        } catch {
            await invoke?.shutdown()
            await lambda.shutdown()
            throw error
        }
        let scheduling = schedules.map { schedules in
            Task { await schedules.run(firingAllAtStart: configuration.firesSchedulesAtStart) }
        }
        return EmulatedStack(
            lambda: lambda, template: template, invoke: invoke, api: api, schedules: schedules, scheduling: scheduling)
    }

    /// Stops the schedules and the servers, then every function process (after the invocations under way).
    public func shutdown() async {
        scheduling?.cancel()
        await scheduling?.value
        for server in servers { await server.shutdown() }
        await lambda.shutdown()
    }
}

extension EmulatedStack.Configuration {
    /// The policy of a public listener: caller check, timeouts, connection cap.
    func policy(refusesBrowsers: Bool) -> ServerPolicy {
        // A server bound to a specific address answers to that address too; a wildcard one only to the names given.
        let bound = ["0.0.0.0", "::", "[::]"].contains(host) ? [] : [host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host]
        return .publicFront(
            allowedHosts: allowedHosts + bound, refusesBrowsers: refusesBrowsers, headerTimeout: headerTimeout,
            idleTimeout: idleTimeout, maxConnections: maxConnections)
    }
}
