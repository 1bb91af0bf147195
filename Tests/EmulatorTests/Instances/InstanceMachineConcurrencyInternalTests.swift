import Testing

@testable import LambdaEmulator

/// The machine when one process serves several invocations at once (`perProcessConcurrency` > 1, Lambda Managed
/// Instances): an instance holds up to N invocations, each with its own timeout and REPORT; an exit fails them all.
@Suite struct InstanceMachineConcurrencyInternalTests {
    typealias Machine = InstanceMachine
    let t0 = ContinuousClock.now

    func at(_ milliseconds: Int) -> ContinuousClock.Instant { t0 + .milliseconds(milliseconds) }

    func machine(instances: Int = 2, perProcess: Int = 3) -> Machine {
        Machine(settings: .init(
            maxConcurrency: instances, timeoutSeconds: 3, initTimeout: .milliseconds(500), perProcessConcurrency: perProcess))
    }

    func starts(_ actions: [Machine.Action]) -> [Int] {
        actions.compactMap { if case .start(let id) = $0 { id } else { nil } }
    }

    /// Instance 1 runs `r1` and `r2` (delivered at 10 and 12 ms), a third `GET next` waits.
    func twoRunning() -> Machine {
        var m = machine()
        _ = m.handle(.submitted("r1", build: nil, at: at(0)))
        _ = m.handle(.submitted("r2", build: nil, at: at(1)))
        _ = m.handle(.started(1))
        _ = m.handle(.nextRequested(1, at: at(10)))
        _ = m.handle(.nextRequested(1, at: at(12)))
        _ = m.handle(.nextRequested(1, at: at(13)))
        return m
    }

    @Test func coldInvocationsUpToNShareOneInstance() {
        var m = machine()
        var started: [Int] = []
        for (index, request) in ["r1", "r2", "r3", "r4"].enumerated() {
            started += starts(m.handle(.submitted(request, build: nil, at: at(index))))
        }
        #expect(started == [1, 2])
        #expect(m.instances[1]?.assigned == ["r1", "r2", "r3"])
        #expect(m.instances[2]?.assigned == ["r4"])
        _ = m.handle(.started(1))
        #expect(m.handle(.nextRequested(1, at: at(10))) == [
            .disarm(1, .initTimeout), .attachInitLog(1, "r1"), .platformLine(1, "r1", .start("r1")),
            .arm(1, .invocationTimeout("r1"), after: .seconds(3)), .deliver(1, "r1"),
        ])
        #expect(m.lineOwner(1) == .invocation("r1"))
        #expect(m.handle(.nextRequested(1, at: at(11))) == [
            .attachInitLog(1, "r2"), .platformLine(1, "r2", .start("r2")),
            .arm(1, .invocationTimeout("r2"), after: .seconds(3)), .deliver(1, "r2"),
        ])
        _ = m.handle(.nextRequested(1, at: at(12)))
        #expect(Set(m.instances[1]!.current.keys) == ["r1", "r2", "r3"])
        // Three invocations share the process's output: no line can be given to one of them.
        #expect(m.lineOwner(1) == .nobody)
        // A fourth `GET next` means a fourth slot the function does not have.
        #expect(m.handle(.nextRequested(1, at: at(13))) == [
            .refuseNext(1, .forbidden("Invalid state transition: next called before a response for r1"))
        ])
    }

    @Test func eachInvocationEndsOnItsOwnWithItsOwnReport() {
        var m = twoRunning()
        #expect(m.instances[1]?.parked == 1)
        #expect(m.handle(.responded(1, "r2", .body(length: 2, streaming: false), at: at(20))) == [
            .answerPost(1, .accepted), .disarm(1, .invocationTimeout("r2")), .platformLine(1, "r2", .end("r2")),
            .platformLine(1, "r2", .report(.init(
                requestID: "r2", duration: .milliseconds(8), initDuration: .milliseconds(10), status: nil, errorType: nil))),
            .finish("r2", .response),
        ])
        #expect(m.lineOwner(1) == .invocation("r1"))
        // The waiting `GET next` takes the next invocation at once; the instance has room for a third.
        #expect(m.handle(.submitted("r3", build: nil, at: at(21))) == [
            .platformLine(1, "r3", .start("r3")), .arm(1, .invocationTimeout("r3"), after: .seconds(3)), .deliver(1, "r3"),
        ])
        let r4 = m.handle(.submitted("r4", build: nil, at: at(22)))
        #expect(r4.isEmpty)
        #expect(m.instances[1]?.assigned == ["r4"])
        #expect(m.handle(.errorPosted(1, "r1", at: at(30))).contains(.finish("r1", .runtimeError)))
        #expect(m.instances[1]!.current.keys.sorted() == ["r3"])
    }

    @Test func anExitFailsEveryInvocationInFlightAndRequeuesTheUnstarted() {
        var m = twoRunning()
        _ = m.handle(.responded(1, "r2", .body(length: 2, streaming: false), at: at(20)))
        _ = m.handle(.nextRequested(1, at: at(21)))
        _ = m.handle(.submitted("r3", build: nil, at: at(22)))
        _ = m.handle(.submitted("r4", build: nil, at: at(23)))
        _ = m.handle(.submitted("r5", build: nil, at: at(24)))
        #expect(m.instances[1]!.current.keys.sorted() == ["r1", "r3", "r4"])
        #expect(m.instances[1]?.assigned == [])
        let actions = m.handle(.exited(1, ProcessTermination(status: 1 << 8), at: at(40)))
        let failed = actions.compactMap { action -> String? in
            if case .finish(let request, .failed(type: "Runtime.ExitError", _)) = action { request } else { nil }
        }
        #expect(failed == ["r1", "r3", "r4"])
        let reports = actions.compactMap { action -> String? in
            if case .platformLine(_, _, .report(let facts)) = action, facts.errorType == "Runtime.ExitError" {
                facts.requestID
            } else { nil }
        }
        #expect(reports == ["r1", "r3", "r4"])
        #expect(actions.contains(.stop(1)))
        #expect(m.instances[1] == nil)
        // r5 waited in line behind the full instance; it starts a new one.
        #expect(m.instances[2]?.assigned == ["r5"])
    }

    @Test func aTimeoutFailsOnlyItsInvocationAndHoldsTheSlotUntilTheLatePost() {
        var m = machine(instances: 1, perProcess: 2)
        _ = m.handle(.submitted("r1", build: nil, at: at(0)))
        _ = m.handle(.submitted("r2", build: nil, at: at(1)))
        _ = m.handle(.started(1))
        _ = m.handle(.nextRequested(1, at: at(10)))
        _ = m.handle(.nextRequested(1, at: at(11)))
        let timedOut = m.handle(.timerFired(1, .invocationTimeout("r1"), at: at(3_010)))
        #expect(timedOut.contains(.finish("r1", .failed(
            type: "Sandbox.Timedout", message: "RequestId: r1 Error: Task timed out after 3.00 seconds"))))
        #expect(!timedOut.contains(.stop(1)))
        #expect(m.instances[1]?.overdue == ["r1"])
        // The handler of r1 still runs in its slot: r3 waits in line.
        #expect(m.handle(.submitted("r3", build: nil, at: at(3_020))).isEmpty)
        #expect(m.queue == ["r3"])
        #expect(m.handle(.nextRequested(1, at: at(3_021))) == [
            .refuseNext(1, .forbidden("Invalid state transition: next called before a response for r2"))
        ])
        // Its late post is refused and frees the slot; the next `GET next` gets r3.
        #expect(m.handle(.stalePost(1, "r1", at: at(4_000))) == [
            .answerPost(1, .gone("Invocation of request r1 is over; its result was already given"))
        ])
        #expect(m.instances[1]?.assigned == ["r3"])
        #expect(m.handle(.nextRequested(1, at: at(4_001))).contains(.deliver(1, "r3")))
        // r2 still ends normally.
        #expect(m.handle(.responded(1, "r2", .body(length: 1, streaming: false), at: at(4_002))).contains(
            .finish("r2", .response)))
    }

    @Test func aLatePostWithoutAnInvocationIDAlsoFreesTheSlot() {
        var m = machine(instances: 1, perProcess: 2)
        _ = m.handle(.submitted("r1", build: nil, at: at(0)))
        _ = m.handle(.started(1))
        _ = m.handle(.nextRequested(1, at: at(10)))
        _ = m.handle(.timerFired(1, .invocationTimeout("r1"), at: at(3_010)))
        #expect(m.handle(.responded(1, "r1", .body(length: 1, streaming: false), at: at(3_500))) == [
            .answerPost(1, .wrongState("Invalid state transition: request r1 already has a result"))
        ])
        #expect(m.instances[1]?.overdue == [])
    }

    @Test func aRebuildRetiresOnlyInstancesWithNothingInFlight() {
        var m = twoRunning()
        let stamp = CodeStamp(device: 1, inode: 2, size: 3, modified: 4, modifiedNanoseconds: 5)
        let actions = m.handle(.submitted("r3", build: stamp, at: at(20)))
        #expect(!actions.contains(.stop(1)))
        #expect(actions.contains(.deliver(1, "r3")))
    }
}
