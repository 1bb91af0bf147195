import Foundation
import NIOCore

/// How the pool carries out what its machine decides: each action becomes bookkeeping under the lock and, for
/// anything slow or re-entrant, a closure run after it.
extension FunctionPool {
    /// Runs `body` under the lock, then what it left for after the lock.
    @discardableResult
    func run(_ body: (inout State, inout Effects) -> Void) -> Effects {
        let effects = state.withLock { state in
            var effects = Effects()
            body(&state, &effects)
            return effects
        }
        effects.later.forEach { $0() }
        return effects
    }

    /// Feeds the machine one event and carries out its actions.
    func handle(
        _ event: InstanceMachine.Event, _ state: inout State, _ effects: inout Effects, post: Post? = nil,
        parking promise: EventLoopPromise<NextOutcome>? = nil
    ) {
        for action in state.machine.handle(event) {
            perform(action, &state, &effects, post: post, parking: promise)
        }
    }

    private func perform(
        _ action: InstanceMachine.Action, _ state: inout State, _ effects: inout Effects, post: Post?,
        parking promise: EventLoopPromise<NextOutcome>?
    ) {
        switch action {
        case .start(let id):
            state.resources[id] = Resources()
            effects.later.append { [self] in Task { await self.start(id) } }
        case .deliver(let id, let requestID):
            guard let invocation = state.invocations[requestID] else { return }
            let deadline = Int64(Date().timeIntervalSince1970 * 1000) + Int64(function.definition.timeout) * 1000
            let outcome = NextOutcome.deliver(invocation, deadlineMilliseconds: deadline)
            if let waiter = state.resources[id]?.parked.first {
                state.resources[id]!.parked.removeFirst()
                effects.later.append { waiter.succeed(outcome) }
            } else {
                effects.next = outcome
            }
        case .park(let id):
            if let promise { state.resources[id]?.parked.append(promise) }
        case .refuseNext(_, .forbidden(let message)):
            effects.next = .forbidden(message)
        case .refuseNext(_, .gone):
            effects.next = .gone
        case .answerPost(_, let outcome):
            effects.post = outcome
        case .arm(let id, let timer, let delay):
            // An event-loop timer: far cheaper per invocation than a task that sleeps.
            let task = group.next().scheduleTask(in: .nanoseconds(Int64(delay / .nanoseconds(1)))) { [self] in
                self.fired(id, timer)
            }
            state.resources[id]?.timers.updateValue(task, forKey: timer)?.cancel()
        case .disarm(let id, let timer):
            state.resources[id]?.timers.removeValue(forKey: timer)?.cancel()
        case .finish(let requestID, let outcome):
            guard let invocation = state.invocations.removeValue(forKey: requestID) else { return }
            effects.later.append(finishing(invocation, outcome, post: post ?? Post(), state))
        case .platformLine(let id, let requestID, let line):
            let text = render(line, instance: id, &state)
            if let requestID {
                state.invocations[requestID]?.appendLog([text])
            } else {
                state.resources[id]?.initLog.append(text)
            }
            emit(text, instance: id, requestID: requestID, source: .platform)
        case .attachInitLog(let id, let requestID):
            guard let lines = state.resources[id]?.initLog, !lines.isEmpty else { return }
            state.invocations[requestID]?.appendLog(lines)
            state.resources[id]!.initLog = []
        case .kill(let id):
            let process = state.resources[id]?.process
            effects.later.append { process?.kill() }
        case .stop(let id):
            guard let resources = state.resources.removeValue(forKey: id) else { return }
            for timer in resources.timers.values { timer.cancel() }
            var server = resources.server
            if let stopping = server, effects.servers != nil {
                effects.servers!.append(stopping)
                server = nil
            }
            let process = resources.process
            let parked = resources.parked
            effects.later.append { [server] in
                process?.kill()
                for waiter in parked { waiter.succeed(.gone) }
                if let server { Task { await server.shutdown() } }
            }
        }
    }

    /// The call that ends an invocation as the machine decided, with the bytes the driver holds.
    private func finishing(_ invocation: Invocation, _ outcome: InstanceMachine.Outcome, post: Post, _ state: State)
        -> @Sendable () -> Void
    {
        switch outcome {
        case .response:
            let body = post.body
            let contentType = post.contentType
            let integration = contentType == "application/vnd.awslambda.http-integration-response"
                ? StreamPrelude.split(body) : nil
            return {
                invocation.finish(
                    payload: body.isEmpty ? Array("null".utf8) : body, contentType: contentType,
                    httpIntegrationResponse: integration)
            }
        case .streamFailed(let type):
            let payload = ErrorPayload.fromTrailers(type: type, encodedBody: post.trailers["lambda-runtime-function-error-body"])
            return { invocation.finish(payload: payload, contentType: "application/json", errorType: type) }
        case .runtimeError:
            let (payload, type) = ErrorPayload.make(body: post.body, header: post.errorTypeHeader)
            return { invocation.finish(payload: payload, contentType: "application/json", errorType: type) }
        case .initError(let id, let type):
            let payload = state.resources[id]?.initErrorBody ?? Invocation.errorJSON(type: type, message: "")
            return { invocation.finish(payload: payload, contentType: "application/json", errorType: type) }
        case .failed(let type, let message):
            return { invocation.fail(type: type, message: message) }
        }
    }

    /// The text of a platform line; a REPORT gets the memory figures here.
    private func render(_ line: InstanceMachine.PlatformLine, instance id: InstanceID, _ state: inout State) -> String {
        switch line {
        case .initStart: return PlatformLog.initStart(runtime: function.definition.runtime, region: configuration.region)
        case .initReport(let duration, let status, let errorType):
            return PlatformLog.initReport(duration: duration, status: status, errorType: errorType)
        case .start(let requestID): return PlatformLog.start(requestID)
        case .end(let requestID): return PlatformLog.end(requestID)
        case .timedOut(let requestID, let seconds): return PlatformLog.timedOut(requestID, seconds: seconds)
        case .text(let text): return text
        case .report(let facts):
            // The peak so far while the process lives; after it ended, the peak its reaper measured.
            if let memory = state.resources[id]?.process?.maxMemoryUsedMB() {
                state.resources[id]!.maxMemoryUsedMB = memory
            }
            return PlatformLog.report(
                facts.requestID, duration: facts.duration, initDuration: facts.initDuration,
                memorySize: function.definition.memorySize, maxMemoryUsed: state.resources[id]?.maxMemoryUsedMB ?? 0,
                status: facts.status, errorType: facts.errorType)
        }
    }

    func emit(_ message: String, instance: InstanceID, requestID: String?, source: LogRecord.Source) {
        configuration.logSink(
            LogRecord(functionName: function.name, instance: instance, requestID: requestID, source: source, message: message))
    }
}
