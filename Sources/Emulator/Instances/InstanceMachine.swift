/// The decisions about one function's instances, as a pure value: an event in, the actions out.
///
/// Which instance gets an invocation, when one starts or is retired, what a timeout, an exit or a post answers:
/// all here, with no locks, clocks, processes or sockets (instants arrive with the events). `FunctionPool` owns one
/// behind its lock, feeds it events and carries out the actions; payload bytes, processes and promises stay there.
/// (Over 300 lines on purpose: every rule of an instance's life is in this one file, read top to bottom.)
struct InstanceMachine: Sendable {
    enum Phase: Equatable, Sendable {
        /// Process starting or running its init; no `GET next` yet.
        case initializing
        /// Init done; takes invocations.
        case ready
        /// The runtime reported an init error (of this type) and is expected to exit.
        case initFailed(errorType: String)
    }

    struct Instance: Equatable, Sendable {
        let id: InstanceID
        let startedAt: Instant
        var phase = Phase.initializing
        /// Handed to this instance, delivered on its next `GET next`s, in order.
        var assigned: [RequestID] = []
        /// Delivered, waiting for their responses, with when each started (one at most unless the function runs
        /// several invocations per process).
        var current: [RequestID: Instant] = [:]
        /// Timed out while their handlers may still run (several per process only): each holds one of the
        /// runtime's slots until the runtime posts for it.
        var overdue: Set<RequestID> = []
        /// How many `GET next` calls wait for an invocation.
        var parked = 0
        /// The last 64 requests this instance answered, to word a second post.
        var answered: [RequestID] = []
        var initDuration: Duration?
        var initDurationReported = false
        /// The bootstrap file as it was when this instance started; a rebuilt file retires the instance.
        var build: CodeStamp?

        /// Invocations this instance holds: handed, running, or timed out but still running.
        var load: Int { assigned.count + current.count + overdue.count }
        /// Not running anything: an older build may retire it.
        var isIdle: Bool { phase == .ready && load == 0 }

        /// Whether it may take one more invocation, when a process serves up to `perProcess` at once.
        func hasRoom(_ perProcess: Int) -> Bool {
            if case .initFailed = phase { return false }
            return load < perProcess
        }
    }

    let settings: Settings
    private(set) var instances: [InstanceID: Instance] = [:]
    private(set) var queue: [RequestID] = []
    private(set) var instancesStarted = 0
    private(set) var isShutDown = false
    private var nextID = 1
    private var currentBuild: CodeStamp?

    /// The response size limits Lambda enforces (buffered and streamed).
    static let responseLimit = 6_291_556
    static let streamingResponseLimit = 200 * 1024 * 1024

    init(settings: Settings) { self.settings = settings }

    /// Where a line of an instance's output belongs now.
    func lineOwner(_ id: InstanceID) -> LineOwner {
        guard let instance = instances[id] else { return .nobody }
        // Several invocations at once share one output: a line cannot be attributed to one of them.
        if instance.current.count > 1 { return .nobody }
        if let current = instance.current.keys.first { return .invocation(current) }
        return instance.initDurationReported ? .nobody : .initLog
    }

    /// Applies an event; returns what the driver must do, in order.
    mutating func handle(_ event: Event) -> [Action] {
        switch event {
        case .submitted(let request, let build, let now): return submitted(request, build: build, at: now)
        case .started(let id):
            guard instances[id] != nil else { return [.stop(id)] }
            return [.arm(id, .initTimeout, after: settings.initTimeout)]
        case .startFailed(let id, let type, let message, let now):
            guard let instance = instances[id] else { return [] }
            var actions: [Action] = []
            for request in instance.assigned {
                actions += failBeforeStart(
                    request, instance, type: type, status: "error",
                    outcome: .failed(type: type, message: "RequestId: \(request) Error: \(message)"), initStatus: "error",
                    at: now)
            }
            return actions + retire(id) + schedule(at: now)
        case .nextRequested(let id, let now): return nextRequested(id, at: now)
        case .responded(let id, let request, let reply, let now): return responded(id, request, reply, at: now)
        case .errorPosted(let id, let request, let now):
            if let failure = validate(id, request) { return [.answerPost(id, failure)] + release(id, request, at: now) }
            return [.answerPost(id, .accepted)] + complete(id, request, at: now) + [.finish(request, .runtimeError)]
                + schedule(at: now)
        case .stalePost(let id, let request, let now):
            return [.answerPost(id, .gone("Invocation of request \(request) is over; its result was already given"))]
                + release(id, request, at: now)
        case .initErrorPosted(let id, let type):
            guard instances[id]?.phase == .initializing else {
                return [.answerPost(id, .wrongState("Invalid state transition: init error reported after init"))]
            }
            instances[id]!.phase = .initFailed(errorType: type)
            // The runtime must exit after an init error; one that lingers is stopped.
            return [.answerPost(id, .accepted), .arm(id, .killAfterInitError, after: .milliseconds(500))]
        case .timerFired(let id, let timer, let now): return timerFired(id, timer, at: now)
        case .exited(let id, let termination, let now): return exited(id, termination, at: now)
        case .shutdown: return shutdown()
        }
    }

    // MARK: Invocations

    private mutating func submitted(_ request: RequestID, build: CodeStamp?, at now: Instant) -> [Action] {
        if isShutDown { return [.finish(request, .failed(type: "Runtime.Unknown", message: "The emulator is shutting down"))] }
        // Rebuilt code: idle instances of the old build go, so this invocation runs the new one.
        var actions: [Action] = []
        for id in instances.keys.sorted() where instances[id]!.isIdle && instances[id]!.build != build {
            actions += retire(id)
        }
        currentBuild = build
        queue.append(request)
        return actions + schedule(at: now)
    }

    /// Gives queued invocations to instances with room (those with a waiting `GET next` first, then the lowest
    /// number; an instance has room for `perProcessConcurrency` invocations), then starts instances while under the
    /// concurrency limit.
    private mutating func schedule(at now: Instant) -> [Action] {
        var actions: [Action] = []
        while let request = queue.first {
            let available = instances.values.filter { $0.hasRoom(settings.perProcessConcurrency) }.sorted { $0.id < $1.id }
            if let instance = available.first(where: { $0.parked > 0 }) ?? available.first {
                queue.removeFirst()
                if instance.parked > 0 {
                    instances[instance.id]!.parked -= 1
                    actions += deliver(request, to: instance.id, at: now)
                } else {
                    instances[instance.id]!.assigned.append(request)
                }
            } else if instances.count < settings.maxConcurrency {
                queue.removeFirst()
                let id = nextID
                nextID += 1
                instancesStarted += 1
                var instance = Instance(id: id, startedAt: now)
                instance.build = currentBuild
                instance.assigned = [request]
                instances[id] = instance
                actions += [.start(id), .platformLine(id, nil, .initStart)]
            } else {
                break
            }
        }
        return actions
    }

    /// Marks an invocation as running in an instance: its init output, START, timeout timer, delivery.
    private mutating func deliver(_ request: RequestID, to id: InstanceID, at now: Instant) -> [Action] {
        instances[id]!.current[request] = now
        var actions: [Action] = []
        if !instances[id]!.initDurationReported { actions.append(.attachInitLog(id, request)) }
        return actions + [
            .platformLine(id, request, .start(request)),
            .arm(id, .invocationTimeout(request), after: .seconds(settings.timeoutSeconds)),
            .deliver(id, request),
        ]
    }

    /// END and REPORT for an invocation that ends in this instance, and the bookkeeping of its end.
    private mutating func complete(
        _ id: InstanceID, _ request: RequestID, at now: Instant, status: String? = nil, errorType: String? = nil,
        before: [PlatformLine] = [], duration: Duration? = nil
    ) -> [Action] {
        guard var instance = instances[id], let startedAt = instance.current.removeValue(forKey: request) else { return [] }
        instance.answered.append(request)
        if instance.answered.count > 64 { instance.answered.removeFirst() }
        var initDuration: Duration?
        if !instance.initDurationReported {
            initDuration = instance.initDuration
            instance.initDurationReported = true
        }
        instances[id] = instance
        let report = ReportFacts(
            requestID: request, duration: duration ?? now - startedAt, initDuration: initDuration, status: status,
            errorType: errorType)
        return [.disarm(id, .invocationTimeout(request))]
            + (before + [.end(request), .report(report)]).map { .platformLine(id, request, $0) }
    }

    /// Fails an invocation that never reached its handler because init did not complete.
    private func failBeforeStart(
        _ request: RequestID, _ instance: Instance, type: String, status: String, outcome: Outcome, initStatus: String,
        at now: Instant
    ) -> [Action] {
        let duration = now - instance.startedAt
        var lines: [PlatformLine] = [.initReport(duration: duration, status: initStatus, errorType: type), .start(request)]
        if case .failed(_, let message) = outcome { lines.append(.text(message)) }
        lines.append(.end(request))
        // Lambda runs a failed init again inside the invocation (a "suppressed init"), so its REPORT carries the
        // init's time as the invocation's and no separate Init Duration.
        lines.append(
            .report(ReportFacts(requestID: request, duration: duration, initDuration: nil, status: status, errorType: type)))
        return [.attachInitLog(instance.id, request)] + lines.map { .platformLine(instance.id, request, $0) }
            + [.finish(request, outcome)]
    }

    // MARK: Runtime API

    private mutating func nextRequested(_ id: InstanceID, at now: Instant) -> [Action] {
        guard let instance = instances[id] else { return [.refuseNext(id, .gone)] }
        // A runtime has `perProcessConcurrency` slots; each is running an invocation or waiting in `GET next`.
        if instance.current.count + instance.overdue.count + instance.parked >= settings.perProcessConcurrency {
            if let current = instance.current.keys.min() {
                return [.refuseNext(id, .forbidden("Invalid state transition: next called before a response for \(current)"))]
            }
            return [.refuseNext(id, .forbidden("Invalid state transition: next called twice"))]
        }
        var actions: [Action] = []
        switch instance.phase {
        case .initFailed: return [.refuseNext(id, .forbidden("Invalid state transition: init failed"))]
        case .initializing:
            instances[id]!.phase = .ready
            instances[id]!.initDuration = now - instance.startedAt
            actions.append(.disarm(id, .initTimeout))
        case .ready: break
        }
        if let assigned = instance.assigned.first {
            instances[id]!.assigned.removeFirst()
            return actions + deliver(assigned, to: id, at: now)
        }
        instances[id]!.parked += 1
        return actions + [.park(id)] + schedule(at: now)
    }

    /// Checks that `request` is the instance's current invocation.
    private func validate(_ id: InstanceID, _ request: RequestID) -> PostOutcome? {
        guard let instance = instances[id] else { return .wrongState("Invalid state transition: environment retired") }
        if instance.current[request] != nil { return nil }
        if instance.answered.contains(request) {
            return .wrongState("Invalid state transition: request \(request) already has a result")
        }
        return .unknownRequest("Invalid request ID: \(request)")
    }

    private mutating func responded(_ id: InstanceID, _ request: RequestID, _ reply: RuntimeReply, at now: Instant)
        -> [Action]
    {
        if let failure = validate(id, request) { return [.answerPost(id, failure)] + release(id, request, at: now) }
        switch reply {
        case .body(let length, let streaming):
            let limit = streaming ? Self.streamingResponseLimit : Self.responseLimit
            if length > limit {
                let type = "Function.ResponseSizeTooLarge"
                let message = "Response payload size exceeded maximum allowed payload size (\(limit) bytes)."
                return [.answerPost(id, .tooLarge)] + complete(id, request, at: now, status: "error", errorType: type)
                    + [.finish(request, .failed(type: type, message: message))] + schedule(at: now)
            }
            return [.answerPost(id, .accepted)] + complete(id, request, at: now) + [.finish(request, .response)]
                + schedule(at: now)
        case .streamFailed(let type):
            return [.answerPost(id, .accepted)] + complete(id, request, at: now) + [.finish(request, .streamFailed(type: type))]
                + schedule(at: now)
        }
    }

    // MARK: Timers, exits, shutdown

    private mutating func timerFired(_ id: InstanceID, _ timer: Timer, at now: Instant) -> [Action] {
        guard let instance = instances[id] else { return [] }
        switch timer {
        case .invocationTimeout(let request):
            guard instance.current[request] != nil else { return [] }
            let seconds = settings.timeoutSeconds
            let message = "RequestId: \(request) Error: Task timed out after \(seconds).00 seconds"
            // Lambda stops the clock at the timeout: the REPORT says exactly the limit, not when the timer ran.
            let ended = complete(
                id, request, at: now, status: "timeout", before: [.timedOut(request, seconds: seconds)],
                duration: .seconds(seconds))
            // One invocation per process: the process goes. Several: the others in flight keep running; the
            // timed-out one holds its slot until the runtime posts for it.
            let after: [Action]
            if settings.perProcessConcurrency > 1 {
                instances[id]!.overdue.insert(request)
                after = []
            } else {
                after = retire(id)
            }
            return ended + after + [.finish(request, .failed(type: "Sandbox.Timedout", message: message))]
                + schedule(at: now)
        case .initTimeout:
            guard instance.phase == .initializing else { return [] }
            var actions: [Action] = []
            for request in instance.assigned {
                let seconds = Self.seconds(settings.initTimeout)
                let message = "RequestId: \(request) Error: Task timed out after \(seconds) seconds"
                actions += failBeforeStart(
                    request, instance, type: "Sandbox.Timedout", status: "timeout",
                    outcome: .failed(type: "Sandbox.Timedout", message: message), initStatus: "timeout", at: now)
            }
            return actions + retire(id) + schedule(at: now)
        case .killAfterInitError:
            return [.kill(id)]
        }
    }

    /// The process ended: whatever it was doing fails as Lambda reports it (every invocation in flight), and the
    /// instance is gone.
    private mutating func exited(_ id: InstanceID, _ termination: ProcessTermination, at now: Instant) -> [Action] {
        guard let instance = instances[id] else { return [] }
        var actions: [Action] = []
        for request in instance.current.keys.sorted() {
            let message = "RequestId: \(request) Error: Runtime exited with error: \(termination)"
            let type = "Runtime.ExitError"
            actions += complete(id, request, at: now, status: "error", errorType: type, before: [.text(message), .text(type)])
            actions.append(.finish(request, .failed(type: type, message: message)))
        }
        if instance.phase == .ready {
            queue.insert(contentsOf: instance.assigned, at: 0)  // never started: give them to another instance
        }
        for request in instance.assigned {
            switch instance.phase {
            case .initFailed(let errorType):
                actions += failBeforeStart(
                    request, instance, type: errorType, status: "error", outcome: .initError(id, type: errorType),
                    initStatus: "error", at: now)
            case .initializing:
                let message = "RequestId: \(request) Error: Runtime exited with error: \(termination)"
                actions += failBeforeStart(
                    request, instance, type: "Runtime.ExitError", status: "error",
                    outcome: .failed(type: "Runtime.ExitError", message: message), initStatus: "error", at: now)
            case .ready:
                break
            }
        }
        return actions + retire(id) + schedule(at: now)
    }

    /// Fails everything queued or running and forgets every instance.
    private mutating func shutdown() -> [Action] {
        isShutDown = true
        let ids = instances.keys.sorted()
        let running = ids.flatMap { instances[$0]!.current.keys.sorted() + instances[$0]!.assigned }
        var actions: [Action] = (queue + running).map {
            .finish($0, .failed(type: "Runtime.Unknown", message: "The emulator is shutting down"))
        }
        queue = []
        for id in ids { actions += retire(id) }
        return actions
    }

    /// A runtime posted for an invocation that timed out while it kept running: its slot is free again.
    private mutating func release(_ id: InstanceID, _ request: RequestID, at now: Instant) -> [Action] {
        guard instances[id]?.overdue.remove(request) != nil else { return [] }
        return schedule(at: now)
    }

    /// Forgets an instance; the driver stops what it holds for it.
    private mutating func retire(_ id: InstanceID) -> [Action] {
        instances.removeValue(forKey: id) == nil ? [] : [.stop(id)]
    }

    /// Seconds with two decimals, as Lambda words an init timeout (`0.50`).
    static func seconds(_ duration: Duration) -> String {
        let hundredths = Int((duration / .milliseconds(10)).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
