import Foundation
import NIOCore
import Synchronization

/// The execution environments of one function: starts `bootstrap` processes on demand (up to the concurrency
/// limit), keeps them warm, hands invocations to them through their Runtime API, and retires them on timeout,
/// crash or init failure.
///
/// All state is behind one lock; anything slow or re-entrant (waking waiters, killing, starting, closing servers)
/// is collected as actions inside it and run after it is released.
final class FunctionPool: Sendable {
    typealias Action = @Sendable () -> Void

    enum Phase {
        /// Process starting or running its init; no `GET next` yet.
        case initializing
        /// Init done; takes invocations.
        case ready
        /// The runtime reported an init error and is expected to exit.
        case initFailed(body: [UInt8], errorType: String)
        /// Retired; waiting for nothing.
        case dead
    }

    enum NextOutcome: Sendable {
        case deliver(Invocation, deadlineMilliseconds: Int64)
        case forbidden(String)
        case gone
    }

    struct Instance {
        let number: Int
        let startedAt = ContinuousClock.now
        var phase = Phase.initializing
        var process: FunctionProcess?
        var server: HTTPServer?
        /// Handed to this instance, delivered on its next `GET next`.
        var assigned: Invocation?
        /// Delivered, waiting for its response.
        var current: Invocation?
        var currentStartedAt = ContinuousClock.now
        var parked: EventLoopPromise<NextOutcome>?
        var timer: Scheduled<Void>?
        var answered: [String] = []
        var initDuration: Duration?
        var initDurationReported = false
        var initLog: [String] = []
        var maxMemoryUsedMB = 0
        /// The bootstrap file as it was when this instance started; a rebuilt file retires the instance.
        var codeStamp: CodeStamp?

        var isAvailable: Bool {
            if case .ready = phase { return current == nil && assigned == nil }
            return false
        }
    }

    struct State {
        var instances: [Int: Instance] = [:]
        var queue: [Invocation] = []
        var nextNumber = 1
        var isShutDown = false
        var instancesStarted = 0
        var currentStamp: CodeStamp?
    }

    static let responseLimit = 6_291_556
    static let streamingResponseLimit = 200 * 1024 * 1024

    let function: LocalFunction
    let configuration: EmulatorConfiguration
    let group: any EventLoopGroup
    let state = Mutex(State())

    init(function: LocalFunction, configuration: EmulatorConfiguration, group: any EventLoopGroup) {
        self.function = function
        self.configuration = configuration
        self.group = group
    }

    var arn: String {
        "arn:aws:lambda:\(configuration.region):\(configuration.accountID):function:\(function.name)"
    }

    /// How many processes this pool has started, for tests and the CLI.
    var instancesStarted: Int { state.withLock { $0.instancesStarted } }
    /// How many instances are alive now.
    var liveInstances: Int { state.withLock { $0.instances.count } }

    // MARK: Invocations

    /// Queues an invocation and waits for its result.
    func invoke(_ invocation: Invocation) async -> InvocationResult {
        submit(invocation)
        return await invocation.result()
    }

    /// Queues an invocation; its result arrives through the invocation.
    func submit(_ invocation: Invocation) {
        let stamp = CodeStamp(path: function.bootstrap)
        let actions: [Action] = state.withLock { state in
            if state.isShutDown {
                return [{ invocation.fail(type: "Runtime.Unknown", message: "The emulator is shutting down") }]
            }
            // Rebuilt code: idle instances of the old build go, so this invocation runs the new one.
            var actions: [Action] = []
            for instance in state.instances.values where instance.isAvailable && instance.codeStamp != stamp {
                actions += retire(instance.number, &state)
            }
            state.currentStamp = stamp
            state.queue.append(invocation)
            return actions + schedule(&state)
        }
        actions.forEach { $0() }
    }

    /// Gives queued invocations to available instances, then starts instances while under the concurrency limit.
    private func schedule(_ state: inout State) -> [Action] {
        var actions: [Action] = []
        while !state.queue.isEmpty {
            let available = state.instances.values.filter(\.isAvailable)
            if let number = (available.first { $0.parked != nil } ?? available.first)?.number {
                let invocation = state.queue.removeFirst()
                if let waiter = state.instances[number]!.parked {
                    state.instances[number]!.parked = nil
                    let outcome = deliver(invocation, to: number, &state)
                    actions.append { waiter.succeed(outcome) }
                } else {
                    state.instances[number]!.assigned = invocation
                }
            } else if state.instances.count < configuration.maxConcurrency {
                let number = state.nextNumber
                state.nextNumber += 1
                state.instancesStarted += 1
                var instance = Instance(number: number)
                instance.codeStamp = state.currentStamp
                instance.assigned = state.queue.removeFirst()
                instance.initLog = [PlatformLog.initStart(runtime: function.definition.runtime, region: configuration.region)]
                state.instances[number] = instance
                emit(instance.initLog[0], instance: number, requestID: nil, source: .platform)
                actions.append { [self] in Task { await self.start(number) } }
            } else {
                break
            }
        }
        return actions
    }

    /// Marks an invocation as running in an instance: START line, deadline, timeout timer.
    private func deliver(_ invocation: Invocation, to number: Int, _ state: inout State) -> NextOutcome {
        var instance = state.instances[number]!
        instance.current = invocation
        instance.currentStartedAt = .now
        if instance.initDurationReported == false, !instance.initLog.isEmpty {
            invocation.appendLog(instance.initLog)
            instance.initLog = []
        }
        let start = PlatformLog.start(invocation.requestID)
        invocation.appendLog([start])
        emit(start, instance: number, requestID: invocation.requestID, source: .platform)
        let timeout = function.definition.timeout
        let requestID = invocation.requestID
        // An event-loop timer: far cheaper per invocation than a task that sleeps.
        instance.timer = group.next().scheduleTask(in: .seconds(Int64(timeout))) { [self] in
            self.timedOut(number, requestID: requestID)
        }
        state.instances[number] = instance
        let deadline = Int64(Date().timeIntervalSince1970 * 1000) + Int64(timeout) * 1000
        return .deliver(invocation, deadlineMilliseconds: deadline)
    }

    /// END and REPORT for an invocation that ends in this instance, plus the bookkeeping of its end.
    private func complete(
        _ number: Int, _ state: inout State, status: String? = nil, errorType: String? = nil, extraLines: [String] = []
    ) -> Invocation? {
        guard var instance = state.instances[number], let invocation = instance.current else { return nil }
        instance.timer?.cancel()
        instance.timer = nil
        instance.current = nil
        instance.answered.append(invocation.requestID)
        if instance.answered.count > 64 { instance.answered.removeFirst() }
        if let memory = instance.process?.maxMemoryUsedMB() { instance.maxMemoryUsedMB = memory }
        var initDuration: Duration?
        if !instance.initDurationReported {
            initDuration = instance.initDuration
            instance.initDurationReported = true
        }
        let lines = extraLines + [
            PlatformLog.end(invocation.requestID),
            PlatformLog.report(
                invocation.requestID, duration: ContinuousClock.now - instance.currentStartedAt,
                initDuration: initDuration, memorySize: function.definition.memorySize,
                maxMemoryUsed: instance.maxMemoryUsedMB, status: status, errorType: errorType),
        ]
        state.instances[number] = instance
        invocation.appendLog(lines)
        for line in lines { emit(line, instance: number, requestID: invocation.requestID, source: .platform) }
        return invocation
    }

    // MARK: Runtime API

    /// `GET next`: the next invocation at once if one waits, else a future completed when one arrives.
    func next(_ number: Int, on loop: any EventLoop) -> EventLoopFuture<NextOutcome> {
        var immediate: NextOutcome?
        let promise = loop.makePromise(of: NextOutcome.self)
        let actions: [Action] = state.withLock { state in
            guard let instance = state.instances[number] else {
                immediate = .gone
                return []
            }
            if let current = instance.current {
                immediate = .forbidden("Invalid state transition: next called before a response for \(current.requestID)")
                return []
            }
            if instance.parked != nil {
                immediate = .forbidden("Invalid state transition: next called twice")
                return []
            }
            switch instance.phase {
            case .dead:
                immediate = .gone
                return []
            case .initFailed:
                immediate = .forbidden("Invalid state transition: init failed")
                return []
            case .initializing:
                state.instances[number]!.phase = .ready
                state.instances[number]!.initDuration = ContinuousClock.now - instance.startedAt
                state.instances[number]!.timer?.cancel()
                state.instances[number]!.timer = nil
            case .ready:
                break
            }
            if let assigned = state.instances[number]!.assigned {
                state.instances[number]!.assigned = nil
                immediate = deliver(assigned, to: number, &state)
                return []
            }
            state.instances[number]!.parked = promise
            return schedule(&state)
        }
        actions.forEach { $0() }
        if let immediate { promise.succeed(immediate) }
        return promise.futureResult
    }

    enum PostOutcome: Sendable {
        case accepted
        case unknownRequest(String)
        case wrongState(String)
        case tooLarge
    }

    /// Checks that `requestID` is the instance's current invocation.
    private func validate(_ number: Int, _ requestID: String, _ state: State) -> PostOutcome? {
        guard let instance = state.instances[number] else { return .wrongState("Invalid state transition: environment retired") }
        if instance.current?.requestID == requestID { return nil }
        if instance.answered.contains(requestID) {
            return .wrongState("Invalid state transition: request \(requestID) already has a result")
        }
        return .unknownRequest("Invalid request ID: \(requestID)")
    }

    func response(
        _ number: Int, requestID: String, body: [UInt8], bodyLength: Int, contentType: String?, isStreaming: Bool,
        trailers: [String: String]
    ) -> PostOutcome {
        processOf(number)?.drainOutput()
        let limit = isStreaming ? Self.streamingResponseLimit : Self.responseLimit
        var outcome = PostOutcome.accepted
        let actions: [Action] = state.withLock { state in
            if let failure = validate(number, requestID, state) {
                outcome = failure
                return []
            }
            if bodyLength > limit {
                outcome = .tooLarge
                let type = "Function.ResponseSizeTooLarge"
                let message = "Response payload size exceeded maximum allowed payload size (\(limit) bytes)."
                guard let invocation = complete(number, &state, status: "error", errorType: type) else { return [] }
                return [{ invocation.fail(type: type, message: message) }] + schedule(&state)
            }
            if let errorType = trailers["lambda-runtime-function-error-type"] {
                // A streamed response that failed midway: the trailer carries the error.
                let decoded = trailers["lambda-runtime-function-error-body"].flatMap { Data(base64Encoded: $0) }
                let errorBody = decoded.map(Array.init).flatMap(Self.jsonObjectBytes)
                    ?? Invocation.errorJSON(type: errorType, message: decoded.map { String(decoding: $0, as: UTF8.self) } ?? "")
                guard let invocation = complete(number, &state) else { return [] }
                return [{ invocation.finish(payload: errorBody, contentType: "application/json", errorType: errorType) }]
                    + schedule(&state)
            }
            guard let invocation = complete(number, &state) else { return [] }
            let integration = contentType == "application/vnd.awslambda.http-integration-response"
                ? Self.splitPrelude(body) : nil
            return [{
                invocation.finish(
                    payload: body.isEmpty ? Array("null".utf8) : body, contentType: contentType,
                    httpIntegrationResponse: integration)
            }] + schedule(&state)
        }
        actions.forEach { $0() }
        return outcome
    }

    func error(_ number: Int, requestID: String, body: [UInt8], errorTypeHeader: String?) -> PostOutcome {
        processOf(number)?.drainOutput()
        var outcome = PostOutcome.accepted
        let actions: [Action] = state.withLock { state in
            if let failure = validate(number, requestID, state) {
                outcome = failure
                return []
            }
            guard let invocation = complete(number, &state) else { return [] }
            let (payload, errorType) = Self.errorPayload(body: body, header: errorTypeHeader)
            return [{ invocation.finish(payload: payload, contentType: "application/json", errorType: errorType) }]
                + schedule(&state)
        }
        actions.forEach { $0() }
        return outcome
    }

    func initError(_ number: Int, body: [UInt8], errorTypeHeader: String?) -> PostOutcome {
        let outcome: PostOutcome = state.withLock { state in
            guard let instance = state.instances[number], case .initializing = instance.phase else {
                return .wrongState("Invalid state transition: init error reported after init")
            }
            let (payload, errorType) = Self.errorPayload(body: body, header: errorTypeHeader)
            state.instances[number]!.phase = .initFailed(body: payload, errorType: errorType)
            return .accepted
        }
        if case .accepted = outcome {
            // The runtime must exit after an init error; one that lingers is stopped.
            Task { [self] in
                try? await Task.sleep(for: .milliseconds(500))
                self.processOf(number)?.kill()
            }
        }
        return outcome
    }

    // MARK: Process events

    private func processOf(_ number: Int) -> FunctionProcess? {
        state.withLock { $0.instances[number]?.process }
    }

    /// Routes a line of the function's output to the invocation it belongs to.
    func output(_ number: Int, source: LogRecord.Source, line: String) {
        state.withLock { state in
            guard let instance = state.instances[number] else {
                emit(line, instance: number, requestID: nil, source: source)
                return
            }
            if let invocation = instance.current {
                invocation.appendLog([line])
                emit(line, instance: number, requestID: invocation.requestID, source: source)
            } else {
                if !instance.initDurationReported { state.instances[number]!.initLog.append(line) }
                emit(line, instance: number, requestID: nil, source: source)
            }
        }
    }

    private func timedOut(_ number: Int, requestID: String) {
        processOf(number)?.drainOutput()
        let actions: [Action] = state.withLock { state in
            guard state.instances[number]?.current?.requestID == requestID else { return [] }
            let seconds = function.definition.timeout
            guard
                let invocation = complete(
                    number, &state, status: "timeout",
                    extraLines: [PlatformLog.timedOut(requestID, seconds: seconds)])
            else { return [] }
            let message = "RequestId: \(requestID) Error: Task timed out after \(seconds).00 seconds"
            return retire(number, &state) + [{ invocation.fail(type: "Sandbox.Timedout", message: message) }]
                + schedule(&state)
        }
        actions.forEach { $0() }
    }

    private func initTimedOut(_ number: Int) {
        let actions: [Action] = state.withLock { state in
            guard let instance = state.instances[number], case .initializing = instance.phase else { return [] }
            let limit = configuration.initTimeout
            var actions = retire(number, &state)
            if let invocation = instance.assigned {
                let seconds = String(format: "%.2f", limit / .seconds(1))
                actions += failBeforeStart(
                    invocation, instance: instance, type: "Sandbox.Timedout", status: "timeout",
                    message: "RequestId: \(invocation.requestID) Error: Task timed out after \(seconds) seconds",
                    initStatus: "timeout")
            }
            return actions + schedule(&state)
        }
        actions.forEach { $0() }
    }

    /// The process ended: whatever it was doing fails as Lambda reports it, and the instance is gone.
    private func exited(_ number: Int, _ termination: FunctionProcess.Termination) {
        processOf(number)?.drainOutput()
        let actions: [Action] = state.withLock { state in
            guard let instance = state.instances[number] else { return [] }
            var actions: [Action] = []
            if let invocation = instance.current {
                let message = "RequestId: \(invocation.requestID) Error: Runtime exited with error: \(termination)"
                let type = "Runtime.ExitError"
                _ = complete(number, &state, status: "error", errorType: type, extraLines: [message, type])
                actions.append { invocation.fail(type: type, message: message) }
            } else if let invocation = instance.assigned {
                switch instance.phase {
                case .initFailed(let body, let errorType):
                    actions += failBeforeStart(
                        invocation, instance: instance, type: errorType, status: "error", payload: body,
                        initStatus: "error")
                case .initializing:
                    let message = "RequestId: \(invocation.requestID) Error: Runtime exited with error: \(termination)"
                    actions += failBeforeStart(
                        invocation, instance: instance, type: "Runtime.ExitError", status: "error", message: message,
                        initStatus: "error")
                case .ready, .dead:
                    state.queue.insert(invocation, at: 0)  // never started: give it to another instance
                }
            }
            state.instances[number]?.assigned = nil
            return actions + retire(number, &state) + schedule(&state)
        }
        actions.forEach { $0() }
    }

    /// Fails an invocation that never reached its handler because init did not complete.
    private func failBeforeStart(
        _ invocation: Invocation, instance: Instance, type: String, status: String, payload: [UInt8]? = nil,
        message: String = "", initStatus: String
    ) -> [Action] {
        let duration = ContinuousClock.now - instance.startedAt
        var lines = instance.initLog
        lines.append(PlatformLog.initReport(duration: duration, status: initStatus, errorType: type))
        lines.append(PlatformLog.start(invocation.requestID))
        if payload == nil { lines.append(message) }
        lines.append(PlatformLog.end(invocation.requestID))
        lines.append(
            PlatformLog.report(
                invocation.requestID, duration: .zero, initDuration: duration,
                memorySize: function.definition.memorySize, maxMemoryUsed: instance.maxMemoryUsedMB, status: status,
                errorType: type))
        invocation.appendLog(lines)
        for line in lines.dropFirst(instance.initLog.count) {
            emit(line, instance: instance.number, requestID: invocation.requestID, source: .platform)
        }
        if let payload {
            return [{ invocation.finish(payload: payload, contentType: "application/json", errorType: type) }]
        }
        return [{ invocation.fail(type: type, message: message) }]
    }

    /// Removes an instance; returns the actions that stop its process and server and wake its waiter.
    private func retire(_ number: Int, _ state: inout State) -> [Action] {
        guard let instance = state.instances.removeValue(forKey: number) else { return [] }
        instance.timer?.cancel()
        let process = instance.process
        let server = instance.server
        let parked = instance.parked
        return [{
            process?.kill()
            parked?.succeed(.gone)
            if let server { Task { await server.shutdown() } }
        }]
    }

    // MARK: Start and stop

    private func start(_ number: Int) async {
        let server: HTTPServer
        do {
            server = try await HTTPServer.start(
                host: "127.0.0.1", port: 0, maxBodySize: Self.streamingResponseLimit + 1, group: group
            ) { [self] request, loop in
                RuntimeAPI.respond(to: request, pool: self, instance: number, on: loop)
            }
        } catch {
            failStart(number, type: "Runtime.Unknown", message: "Cannot start the Runtime API: \(error)")
            return
        }
        let environment = FunctionEnvironment.make(
            for: function, configuration: configuration, runtimeAPI: "127.0.0.1:\(server.port)")
        let process: FunctionProcess
        do {
            process = try FunctionProcess(
                executable: function.bootstrap, arguments: [], environment: environment,
                workingDirectory: function.taskRoot,
                onLine: { [self] source, line in self.output(number, source: source, line: line) },
                onExit: { [self] termination in self.exited(number, termination) })
        } catch {
            await server.shutdown()
            let message = "Couldn't find valid bootstrap(s): [\(function.bootstrap)]"
            failStart(number, type: "Runtime.InvalidEntrypoint", message: message)
            return
        }
        let stillWanted: Bool = state.withLock { state in
            guard state.instances[number] != nil else { return false }
            state.instances[number]!.process = process
            state.instances[number]!.server = server
            let limit = configuration.initTimeout
            state.instances[number]!.timer = group.next().scheduleTask(
                in: .nanoseconds(Int64(limit / .nanoseconds(1)))
            ) { [self] in self.initTimedOut(number) }
            return true
        }
        if !stillWanted {
            process.kill()
            await server.shutdown()
        }
    }

    private func failStart(_ number: Int, type: String, message: String) {
        let actions: [Action] = state.withLock { state in
            guard let instance = state.instances[number] else { return [] }
            var actions = retire(number, &state)
            if let invocation = instance.assigned {
                actions += failBeforeStart(
                    invocation, instance: instance, type: type, status: "error",
                    message: "RequestId: \(invocation.requestID) Error: \(message)", initStatus: "error")
            }
            return actions + schedule(&state)
        }
        actions.forEach { $0() }
    }

    /// Stops every instance and fails what is still queued.
    func shutdown() async {
        let (actions, servers): ([Action], [HTTPServer]) = state.withLock { state in
            state.isShutDown = true
            let servers = state.instances.values.compactMap(\.server)
            var actions: [Action] = []
            for invocation in state.queue + state.instances.values.compactMap({ $0.current ?? $0.assigned }) {
                actions.append { invocation.fail(type: "Runtime.Unknown", message: "The emulator is shutting down") }
            }
            state.queue = []
            for number in Array(state.instances.keys) {
                let instance = state.instances.removeValue(forKey: number)!
                instance.timer?.cancel()
                let process = instance.process
                let parked = instance.parked
                actions.append {
                    process?.kill()
                    parked?.succeed(.gone)
                }
            }
            return (actions, servers)
        }
        actions.forEach { $0() }
        for server in servers { await server.shutdown() }
    }

    // MARK: Helpers

    private func emit(_ message: String, instance: Int, requestID: String?, source: LogRecord.Source) {
        configuration.logSink(
            LogRecord(functionName: function.name, instance: instance, requestID: requestID, source: source, message: message))
    }

    /// The error JSON for `/error` and `/init/error`: the runtime's body when it is a JSON object, else one built
    /// from the error-type header; and the error type for the log.
    static func errorPayload(body: [UInt8], header: String?) -> ([UInt8], String) {
        if let object = jsonObjectBytes(body),
            let parsed = try? JSONSerialization.jsonObject(with: Data(object)) as? [String: Any]
        {
            return (object, (parsed["errorType"] as? String) ?? header ?? "Unhandled")
        }
        let type = header ?? "Unhandled"
        return (Invocation.errorJSON(type: type, message: String(decoding: body, as: UTF8.self)), type)
    }

    static func jsonObjectBytes(_ bytes: [UInt8]) -> [UInt8]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)), object is [String: Any] else {
            return nil
        }
        return bytes
    }

    /// Splits a Function URL stream into its JSON prelude and body at the first 8 NUL bytes within 16 KB.
    static func splitPrelude(_ body: [UInt8]) -> InvocationResult.HTTPIntegrationResponse? {
        let window = body.prefix(16 * 1024 + 8)
        guard window.count >= 8 else { return nil }
        for index in 0...(window.count - 8) where window[index..<index + 8].allSatisfy({ $0 == 0 }) {
            return .init(prelude: Array(body[..<index]), body: Array(body[(index + 8)...]))
        }
        return nil
    }
}
