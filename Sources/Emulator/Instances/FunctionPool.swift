import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// The execution environments of one function: the driver of its `InstanceMachine`.
///
/// The machine decides (which instance gets an invocation, when one starts or is retired, what a timeout or an exit
/// answers); this class feeds it events from the Runtime API, processes and timers, and carries out its actions with
/// what the machine never holds: invocations and their bytes, processes, servers, promises, timers, log text. All
/// state is behind one lock; anything slow or re-entrant (waking waiters, killing, starting, closing servers,
/// finishing invocations) is collected while the lock is held and run after it is released.
final class FunctionPool: Sendable {
    typealias InstanceID = InstanceMachine.InstanceID
    typealias PostOutcome = InstanceMachine.PostOutcome

    enum NextOutcome: Sendable {
        case deliver(Invocation, deadlineMilliseconds: Int64)
        case forbidden(String)
        case gone
    }

    /// What the driver holds for one instance the machine knows.
    struct Resources {
        var process: FunctionProcess?
        var server: HTTPServer?
        /// The `GET next` calls waiting for an invocation, oldest first.
        var parked: [EventLoopPromise<NextOutcome>] = []
        var timers: [InstanceMachine.Timer: Scheduled<Void>] = [:]
        /// Output written before the first invocation ends, for that invocation's log.
        var initLog: [String] = []
        /// The error JSON of an `/init/error`.
        var initErrorBody: [UInt8]?
        var maxMemoryUsedMB = 0
    }

    struct State {
        var machine: InstanceMachine
        var resources: [InstanceID: Resources] = [:]
        /// Invocations queued or running, by request id.
        var invocations: [String: Invocation] = [:]
    }

    /// The bytes of the post being handled, for the machine's `.finish` of a runtime's own answer.
    struct Post {
        var body: [UInt8] = []
        var contentType: String?
        var errorTypeHeader: String?
        var trailers: [String: String] = [:]
    }

    /// What carrying out a batch of actions leaves to do after the lock.
    struct Effects {
        var later: [@Sendable () -> Void] = []
        var post: PostOutcome?
        var next: NextOutcome?
        /// When set, `.stop` leaves servers here to be awaited instead of closing them in a task.
        var servers: [HTTPServer]?
    }

    static let responseLimit = InstanceMachine.responseLimit
    static let streamingResponseLimit = InstanceMachine.streamingResponseLimit

    /// What answers an instance's Runtime API requests; injected (by `LocalLambda`) so that this room does not
    /// depend on the Runtime API's.
    typealias RuntimeAPIResponder =
        @Sendable (ServerRequest, FunctionPool, InstanceID, any EventLoop) -> EventLoopFuture<ServerResponse>

    let function: LocalFunction
    let configuration: EmulatorConfiguration
    let group: any EventLoopGroup
    let runtimeAPI: RuntimeAPIResponder
    /// Sees the Runtime API's requests as they start, to forward streamed responses as they arrive.
    let runtimeAPIObserver: (@Sendable (HTTPRequestHead, FunctionPool, InstanceID) -> (@Sendable (ByteBuffer) -> Void)?)?
    let state: Mutex<State>

    init(
        function: LocalFunction, configuration: EmulatorConfiguration, group: any EventLoopGroup,
        runtimeAPI: @escaping RuntimeAPIResponder,
        runtimeAPIObserver: (@Sendable (HTTPRequestHead, FunctionPool, InstanceID) -> (@Sendable (ByteBuffer) -> Void)?)? = nil
    ) {
        self.runtimeAPIObserver = runtimeAPIObserver
        self.function = function
        self.configuration = configuration
        self.group = group
        self.runtimeAPI = runtimeAPI
        let settings = InstanceMachine.Settings(
            maxConcurrency: configuration.maxConcurrency, timeoutSeconds: function.definition.timeout,
            initTimeout: configuration.initTimeout, perProcessConcurrency: function.perProcessConcurrency)
        self.state = Mutex(State(machine: InstanceMachine(settings: settings)))
    }

    var arn: String {
        "arn:aws:lambda:\(configuration.region):\(configuration.accountID):function:\(function.name)"
    }

    /// How many processes this pool has started, for tests and the CLI.
    var instancesStarted: Int { state.withLock { $0.machine.instancesStarted } }
    /// How many instances are alive now.
    var liveInstances: Int { state.withLock { $0.machine.instances.count } }

    // MARK: Invocations

    /// Queues an invocation and waits for its result.
    func invoke(_ invocation: Invocation) async -> InvocationResult {
        submit(invocation)
        return await invocation.result()
    }

    /// Queues an invocation; its result arrives through the invocation.
    func submit(_ invocation: Invocation) {
        let stamp = CodeStamp(path: function.bootstrap)
        run { state, effects in
            state.invocations[invocation.requestID] = invocation
            handle(.submitted(invocation.requestID, build: stamp, at: .now), &state, &effects)
        }
    }

    // MARK: Runtime API

    /// `GET next`: the next invocation at once if one waits, else a future completed when one arrives.
    func next(_ id: InstanceID, on loop: any EventLoop) -> EventLoopFuture<NextOutcome> {
        let promise = loop.makePromise(of: NextOutcome.self)
        let effects = run { state, effects in
            handle(.nextRequested(id, at: .now), &state, &effects, parking: promise)
        }
        if let immediate = effects.next { promise.succeed(immediate) }
        return promise.futureResult
    }

    func response(
        _ id: InstanceID, requestID: String, invocationID: String? = nil, body: [UInt8], bodyLength: Int,
        contentType: String?, isStreaming: Bool, trailers: [String: String]
    ) -> PostOutcome {
        processOf(id)?.drainOutput()
        let reply: InstanceMachine.RuntimeReply =
            if bodyLength <= (isStreaming ? Self.streamingResponseLimit : Self.responseLimit),
                let type = trailers["lambda-runtime-function-error-type"]
            {
                .streamFailed(type: type)
            } else {
                .body(length: bodyLength, streaming: isStreaming)
            }
        let post = Post(body: body, contentType: contentType, trailers: trailers)
        return run { state, effects in
            if Self.isStale(invocationID, requestID, state) { return handle(.stalePost(id, requestID, at: .now), &state, &effects) }
            handle(.responded(id, requestID, reply, at: .now), &state, &effects, post: post)
        }.post ?? .accepted
    }

    func error(
        _ id: InstanceID, requestID: String, invocationID: String? = nil, body: [UInt8], errorTypeHeader: String?
    ) -> PostOutcome {
        processOf(id)?.drainOutput()
        let post = Post(body: body, errorTypeHeader: errorTypeHeader)
        return run { state, effects in
            if Self.isStale(invocationID, requestID, state) { return handle(.stalePost(id, requestID, at: .now), &state, &effects) }
            handle(.errorPosted(id, requestID, at: .now), &state, &effects, post: post)
        }.post ?? .accepted
    }

    /// Whether an echoed `Lambda-Runtime-Invocation-Id` names no invocation still queued or running for the request
    /// (nothing echoed: the runtime predates invocation ids, and the request id alone decides).
    private static func isStale(_ invocationID: String?, _ requestID: String, _ state: State) -> Bool {
        guard let invocationID else { return false }
        return state.invocations[requestID]?.invocationID != invocationID
    }

    func initError(_ id: InstanceID, body: [UInt8], errorTypeHeader: String?) -> PostOutcome {
        let (payload, errorType) = ErrorPayload.make(body: body, header: errorTypeHeader)
        return run { state, effects in
            handle(.initErrorPosted(id, type: errorType), &state, &effects)
            if effects.post == .accepted { state.resources[id]?.initErrorBody = payload }
        }.post ?? .accepted
    }

    /// The invocation `requestID` if this instance is running it now (a streamed response's parts go to it).
    func runningInvocation(_ id: InstanceID, requestID: String) -> Invocation? {
        state.withLock { state in
            state.machine.instances[id]?.current[requestID] == nil ? nil : state.invocations[requestID]
        }
    }

    // MARK: Process events

    private func processOf(_ id: InstanceID) -> FunctionProcess? {
        state.withLock { $0.resources[id]?.process }
    }

    /// Routes a line of the function's output to the invocation it belongs to.
    func output(_ id: InstanceID, source: LogRecord.Source, line: String) {
        state.withLock { state in
            switch state.machine.lineOwner(id) {
            case .invocation(let requestID):
                state.invocations[requestID]?.appendLog([line])
                emit(line, instance: id, requestID: requestID, source: source)
            case .initLog:
                state.resources[id]?.initLog.append(line)
                emit(line, instance: id, requestID: nil, source: source)
            case .nobody:
                emit(line, instance: id, requestID: nil, source: source)
            }
        }
    }

    func fired(_ id: InstanceID, _ timer: InstanceMachine.Timer) {
        if case .invocationTimeout = timer { processOf(id)?.drainOutput() }
        run { state, effects in
            state.resources[id]?.timers[timer] = nil
            handle(.timerFired(id, timer, at: .now), &state, &effects)
        }
    }

    func exited(_ id: InstanceID, _ termination: ProcessTermination) {
        processOf(id)?.drainOutput()
        run { state, effects in
            if let memory = termination.maxMemoryUsedMB { state.resources[id]?.maxMemoryUsedMB = memory }
            handle(.exited(id, termination, at: .now), &state, &effects)
        }
    }

    // MARK: Stop

    /// Stops every instance and fails what is still queued.
    func shutdown() async {
        let effects = run { state, effects in
            effects.servers = []
            handle(.shutdown, &state, &effects)
        }
        for server in effects.servers ?? [] { await server.shutdown() }
    }
}
