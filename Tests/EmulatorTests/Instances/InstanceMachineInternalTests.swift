import Testing

@testable import LambdaEmulator

/// Every transition of the instance state machine, with made-up instants: no process, socket or clock.
@Suite struct InstanceMachineInternalTests {
    typealias Machine = InstanceMachine
    let t0 = ContinuousClock.now

    func at(_ milliseconds: Int) -> ContinuousClock.Instant { t0 + .milliseconds(milliseconds) }

    func machine(maxConcurrency: Int = 2) -> Machine {
        Machine(settings: .init(maxConcurrency: maxConcurrency, timeoutSeconds: 3, initTimeout: .milliseconds(500)))
    }

    /// A machine whose instance 1 runs request `r1`, delivered at 10 ms after a 10 ms init.
    func running() -> Machine {
        var m = machine()
        _ = m.handle(.submitted("r1", build: nil, at: at(0)))
        _ = m.handle(.started(1))
        _ = m.handle(.nextRequested(1, at: at(10)))
        return m
    }

    func report(_ id: String, _ duration: Duration, init initDuration: Duration? = nil, status: String? = nil,
        type: String? = nil) -> Machine.PlatformLine {
        .report(.init(requestID: id, duration: duration, initDuration: initDuration, status: status, errorType: type))
    }

    @Test func firstInvocationStartsAnInstance() {
        var m = machine()
        #expect(m.handle(.submitted("r1", build: nil, at: at(0))) == [.start(1), .platformLine(1, nil, .initStart)])
        #expect(m.instancesStarted == 1)
        #expect(m.instances[1]?.assigned == ["r1"])
        #expect(m.lineOwner(1) == .initLog)
    }

    @Test func startedArmsTheInitTimeoutOrStopsAnUnwantedInstance() {
        var m = machine()
        _ = m.handle(.submitted("r1", build: nil, at: at(0)))
        #expect(m.handle(.started(1)) == [.arm(1, .initTimeout, after: .milliseconds(500))])
        #expect(m.handle(.started(7)) == [.stop(7)])
    }

    @Test func firstNextEndsInitAndDeliversTheAssignedInvocation() {
        var m = machine()
        _ = m.handle(.submitted("r1", build: nil, at: at(0)))
        _ = m.handle(.started(1))
        #expect(m.handle(.nextRequested(1, at: at(10))) == [
            .disarm(1, .initTimeout), .attachInitLog(1, "r1"), .platformLine(1, "r1", .start("r1")),
            .arm(1, .invocationTimeout("r1"), after: .seconds(3)), .deliver(1, "r1"),
        ])
        #expect(m.instances[1]?.phase == .ready)
        #expect(m.instances[1]?.initDuration == .milliseconds(10))
        #expect(m.lineOwner(1) == .invocation("r1"))
    }

    @Test func responseEndsTheInvocationAndReportsInitOnlyOnce() {
        var m = running()
        #expect(m.handle(.responded(1, "r1", .body(length: 5, streaming: false), at: at(25))) == [
            .answerPost(1, .accepted), .disarm(1, .invocationTimeout("r1")), .platformLine(1, "r1", .end("r1")),
            .platformLine(1, "r1", report("r1", .milliseconds(15), init: .milliseconds(10))), .finish("r1", .response),
        ])
        #expect(m.lineOwner(1) == .nobody)
        #expect(m.handle(.nextRequested(1, at: at(26))) == [.park(1)])
        #expect(m.handle(.submitted("r2", build: nil, at: at(30))) == [
            .platformLine(1, "r2", .start("r2")), .arm(1, .invocationTimeout("r2"), after: .seconds(3)), .deliver(1, "r2"),
        ])
        let second = m.handle(.errorPosted(1, "r2", at: at(32)))
        #expect(second == [
            .answerPost(1, .accepted), .disarm(1, .invocationTimeout("r2")), .platformLine(1, "r2", .end("r2")),
            .platformLine(1, "r2", report("r2", .milliseconds(2))), .finish("r2", .runtimeError),
        ])
    }

    @Test func nextIsRefusedWhenItBreaksTheProtocol() {
        var m = running()
        #expect(m.handle(.nextRequested(9, at: at(11))) == [.refuseNext(9, .gone)])
        #expect(m.handle(.nextRequested(1, at: at(11))) == [
            .refuseNext(1, .forbidden("Invalid state transition: next called before a response for r1"))
        ])
        _ = m.handle(.responded(1, "r1", .body(length: 0, streaming: false), at: at(12)))
        #expect(m.handle(.nextRequested(1, at: at(13))) == [.park(1)])
        #expect(m.handle(.nextRequested(1, at: at(14))) == [.refuseNext(1, .forbidden("Invalid state transition: next called twice"))])
    }

    @Test func postsForOtherRequestsAreRefused() {
        var m = running()
        #expect(m.handle(.responded(1, "nope", .body(length: 1, streaming: false), at: at(11))) == [
            .answerPost(1, .unknownRequest("Invalid request ID: nope"))
        ])
        _ = m.handle(.responded(1, "r1", .body(length: 1, streaming: false), at: at(12)))
        #expect(m.handle(.errorPosted(1, "r1", at: at(13))) == [
            .answerPost(1, .wrongState("Invalid state transition: request r1 already has a result"))
        ])
        #expect(m.handle(.errorPosted(4, "r1", at: at(13))) == [
            .answerPost(4, .wrongState("Invalid state transition: environment retired"))
        ])
    }

    @Test func aStalePostIsGoneAndChangesNothing() {
        var m = running()
        let before = m
        #expect(m.handle(.stalePost(1, "r1", at: at(20))) == [
            .answerPost(1, .gone("Invocation of request r1 is over; its result was already given"))
        ])
        #expect(m.instances == before.instances)
    }

    @Test func oversizedResponsesFailWithLambdasLimits() {
        var m = running()
        let limit = Machine.responseLimit
        let actions = m.handle(.responded(1, "r1", .body(length: limit + 1, streaming: false), at: at(20)))
        #expect(actions.first == .answerPost(1, .tooLarge))
        #expect(actions.contains(.platformLine(1, "r1", report("r1", .milliseconds(10), init: .milliseconds(10), status: "error", type: "Function.ResponseSizeTooLarge"))))
        #expect(actions.last == .finish("r1", .failed(
            type: "Function.ResponseSizeTooLarge",
            message: "Response payload size exceeded maximum allowed payload size (\(limit) bytes).")))
        var streaming = running()
        #expect(streaming.handle(.responded(1, "r1", .body(length: limit + 1, streaming: true), at: at(20))).first == .answerPost(1, .accepted))
    }

    @Test func aStreamThatFailsMidwayEndsWithItsTrailerError() {
        var m = running()
        #expect(m.handle(.responded(1, "r1", .streamFailed(type: "Boom"), at: at(20))).last == .finish("r1", .streamFailed(type: "Boom")))
    }

    @Test func invocationTimeoutRetiresTheInstance() {
        var m = running()
        #expect(m.handle(.timerFired(1, .invocationTimeout("other"), at: at(3010))) == [])
        // The timer runs late (3017 ms after delivery); the REPORT says the limit.
        #expect(m.handle(.timerFired(1, .invocationTimeout("r1"), at: at(3027))) == [
            .disarm(1, .invocationTimeout("r1")), .platformLine(1, "r1", .timedOut("r1", seconds: 3)),
            .platformLine(1, "r1", .end("r1")),
            .platformLine(1, "r1", report("r1", .seconds(3), init: .milliseconds(10), status: "timeout")),
            .stop(1), .finish("r1", .failed(type: "Sandbox.Timedout", message: "RequestId: r1 Error: Task timed out after 3.00 seconds")),
        ])
        #expect(m.instances.isEmpty)
        #expect(m.handle(.timerFired(1, .invocationTimeout("r1"), at: at(3028))) == [])
    }

    @Test func initTimeoutFailsTheWaitingInvocationBeforeItStarts() {
        var m = machine()
        _ = m.handle(.submitted("r1", build: nil, at: at(0)))
        _ = m.handle(.started(1))
        let message = "RequestId: r1 Error: Task timed out after 0.50 seconds"
        #expect(m.handle(.timerFired(1, .initTimeout, at: at(500))) == [
            .attachInitLog(1, "r1"),
            .platformLine(1, "r1", .initReport(duration: .milliseconds(500), status: "timeout", errorType: "Sandbox.Timedout")),
            .platformLine(1, "r1", .start("r1")), .platformLine(1, "r1", .text(message)), .platformLine(1, "r1", .end("r1")),
            .platformLine(1, "r1", report("r1", .milliseconds(500), status: "timeout", type: "Sandbox.Timedout")),
            .finish("r1", .failed(type: "Sandbox.Timedout", message: message)), .stop(1),
        ])
        var ready = running()
        #expect(ready.handle(.timerFired(1, .initTimeout, at: at(500))) == [])
    }

    @Test func initErrorThenExitFailsWithTheRuntimesError() {
        var m = machine()
        _ = m.handle(.submitted("r1", build: nil, at: at(0)))
        _ = m.handle(.started(1))
        #expect(m.handle(.initErrorPosted(1, type: "Runtime.ImportModuleError")) == [
            .answerPost(1, .accepted), .arm(1, .killAfterInitError, after: .milliseconds(500)),
        ])
        #expect(m.handle(.initErrorPosted(1, type: "Again")) == [
            .answerPost(1, .wrongState("Invalid state transition: init error reported after init"))
        ])
        #expect(m.handle(.nextRequested(1, at: at(5))) == [.refuseNext(1, .forbidden("Invalid state transition: init failed"))])
        #expect(m.handle(.timerFired(1, .killAfterInitError, at: at(505))) == [.kill(1)])
        let actions = m.handle(.exited(1, ProcessTermination(status: 1 << 8), at: at(510)))
        #expect(actions.contains(.platformLine(1, "r1", .initReport(duration: .milliseconds(510), status: "error", errorType: "Runtime.ImportModuleError"))))
        #expect(actions.contains(.platformLine(1, "r1", report("r1", .milliseconds(510), status: "error", type: "Runtime.ImportModuleError"))))
        #expect(!actions.contains { if case .platformLine(_, _, .text) = $0 { true } else { false } })
        #expect(Array(actions.suffix(2)) == [.finish("r1", .initError(1, type: "Runtime.ImportModuleError")), .stop(1)])
    }

    @Test func exitDuringInitOrDuringAnInvocationIsARuntimeExitError() {
        var initializing = machine()
        _ = initializing.handle(.submitted("r1", build: nil, at: at(0)))
        let early = initializing.handle(.exited(1, ProcessTermination(status: 2 << 8), at: at(3)))
        #expect(Array(early.suffix(2)) == [
            .finish("r1", .failed(type: "Runtime.ExitError", message: "RequestId: r1 Error: Runtime exited with error: exit status 2")),
            .stop(1),
        ])
        var m = running()
        let message = "RequestId: r1 Error: Runtime exited with error: signal: killed"
        #expect(m.handle(.exited(1, ProcessTermination(status: 9), at: at(40))) == [
            .disarm(1, .invocationTimeout("r1")), .platformLine(1, "r1", .text(message)),
            .platformLine(1, "r1", .text("Runtime.ExitError")), .platformLine(1, "r1", .end("r1")),
            .platformLine(1, "r1", report("r1", .milliseconds(30), init: .milliseconds(10), status: "error", type: "Runtime.ExitError")),
            .finish("r1", .failed(type: "Runtime.ExitError", message: message)), .stop(1),
        ])
        #expect(m.handle(.exited(1, ProcessTermination(status: 9), at: at(41))) == [])
    }

    @Test func anInvocationAssignedToAnInstanceThatExitsGoesToAnother() {
        var m = running()
        _ = m.handle(.responded(1, "r1", .body(length: 1, streaming: false), at: at(20)))
        #expect(m.handle(.submitted("r2", build: nil, at: at(21))) == [])  // assigned, waiting for GET next
        #expect(m.instances[1]?.assigned == ["r2"])
        #expect(m.handle(.exited(1, ProcessTermination(status: 0), at: at(22))) == [
            .stop(1), .start(2), .platformLine(2, nil, .initStart),
        ])
        #expect(m.instances[2]?.assigned == ["r2"])
    }

    @Test func startFailureFailsTheInvocationAndStartsTheNext() {
        var m = machine(maxConcurrency: 1)
        _ = m.handle(.submitted("r1", build: nil, at: at(0)))
        _ = m.handle(.submitted("r2", build: nil, at: at(1)))
        #expect(m.queue == ["r2"])
        let actions = m.handle(.startFailed(1, type: "Runtime.InvalidEntrypoint", message: "no bootstrap", at: at(2)))
        #expect(actions.contains(.finish("r1", .failed(type: "Runtime.InvalidEntrypoint", message: "RequestId: r1 Error: no bootstrap"))))
        #expect(Array(actions.suffix(3)) == [.stop(1), .start(2), .platformLine(2, nil, .initStart)])
        #expect(m.handle(.startFailed(1, type: "T", message: "m", at: at(3))) == [])
    }

    @Test func invocationsWaitAtTheConcurrencyLimit() {
        var m = machine(maxConcurrency: 2)
        _ = m.handle(.submitted("r1", build: nil, at: at(0)))
        _ = m.handle(.submitted("r2", build: nil, at: at(0)))
        #expect(m.handle(.submitted("r3", build: nil, at: at(0))) == [])
        #expect(m.queue == ["r3"])
        _ = m.handle(.nextRequested(2, at: at(5)))
        let actions = m.handle(.responded(2, "r2", .body(length: 1, streaming: false), at: at(6)))
        #expect(actions.last == .finish("r2", .response))
        #expect(m.instances[2]?.assigned == ["r3"])
        #expect(m.queue.isEmpty)
    }

    @Test func parkedInstancesAreServedFirstAndInNumberOrder() {
        var m = machine(maxConcurrency: 3)
        for (index, request) in ["a", "b", "c"].enumerated() { _ = m.handle(.submitted(request, build: nil, at: at(index))) }
        for id in 1...3 { _ = m.handle(.nextRequested(id, at: at(10))) }
        _ = m.handle(.responded(3, "c", .body(length: 1, streaming: false), at: at(11)))
        _ = m.handle(.responded(1, "a", .body(length: 1, streaming: false), at: at(11)))
        _ = m.handle(.nextRequested(3, at: at(12)))  // 3 parks; 1 is available but not polling
        #expect(m.handle(.submitted("d", build: nil, at: at(13))).last == .deliver(3, "d"))
        #expect(m.handle(.submitted("e", build: nil, at: at(14))) == [])
        #expect(m.instances[1]?.assigned == ["e"])
    }

    @Test func aRebuildRetiresIdleInstancesOfTheOldBuild() {
        let old = CodeStamp(device: 1, inode: 2, size: 3, modified: 4, modifiedNanoseconds: 5)
        let new = CodeStamp(device: 1, inode: 2, size: 3, modified: 9, modifiedNanoseconds: 5)
        var m = machine()
        _ = m.handle(.submitted("r1", build: old, at: at(0)))
        _ = m.handle(.nextRequested(1, at: at(1)))
        _ = m.handle(.responded(1, "r1", .body(length: 1, streaming: false), at: at(2)))
        _ = m.handle(.nextRequested(1, at: at(3)))
        #expect(m.handle(.submitted("r2", build: old, at: at(4))).last == .deliver(1, "r2"))
        _ = m.handle(.responded(1, "r2", .body(length: 1, streaming: false), at: at(5)))
        #expect(m.handle(.submitted("r3", build: new, at: at(6))) == [.stop(1), .start(2), .platformLine(2, nil, .initStart)])
        #expect(m.instances[2]?.build == new)
    }

    @Test func shutdownFailsEverythingAndRefusesLaterInvocations() {
        var m = machine(maxConcurrency: 1)
        _ = m.handle(.submitted("r1", build: nil, at: at(0)))
        _ = m.handle(.nextRequested(1, at: at(1)))
        _ = m.handle(.submitted("r2", build: nil, at: at(2)))
        let stopping = Machine.Outcome.failed(type: "Runtime.Unknown", message: "The emulator is shutting down")
        #expect(m.handle(.shutdown) == [.finish("r2", stopping), .finish("r1", stopping), .stop(1)])
        #expect(m.instances.isEmpty && m.queue.isEmpty && m.isShutDown)
        #expect(m.handle(.submitted("r3", build: nil, at: at(3))) == [.finish("r3", stopping)])
    }

    @Test func initTimeoutsAreWordedWithTwoDecimals() {
        #expect(Machine.seconds(.milliseconds(500)) == "0.50")
        #expect(Machine.seconds(.seconds(10)) == "10.00")
        #expect(Machine.seconds(.milliseconds(1_250)) == "1.25")
        #expect(Machine.seconds(.milliseconds(2_070)) == "2.07")
    }
}
