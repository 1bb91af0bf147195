import Foundation
import ScheduleExpressions
import Testing

/// Collects what a scheduler's fire closure receives.
actor FireRecorder {
    struct Firing: Equatable, CustomStringConvertible {
        let rule: String
        let payload: String
        let scheduledTime: String
        var description: String { "\(rule)[\(payload)]@\(scheduledTime)" }
    }

    private(set) var firings: [Firing] = []
    /// The clock's time at each call, to check that nothing fires early.
    private(set) var clockTimes: [Date] = []

    func record(_ rule: ScheduleRule<String>, at time: Date, clockTime: Date) {
        firings.append(Firing(rule: rule.name, payload: rule.payload, scheduledTime: utcText(time)))
        clockTimes.append(clockTime)
    }
}

@Suite("Scheduler")
struct SchedulerTests {
    static func rule(_ name: String, _ expression: String, enabled: Bool = true) throws -> ScheduleRule<String> {
        ScheduleRule(
            name: name, expression: try ScheduleExpression(parsing: expression), isEnabled: enabled,
            payload: "payload of \(name)"
        )
    }

    static func scheduler(
        _ rules: [ScheduleRule<String>], clock: ManualScheduleClock, recorder: FireRecorder
    ) -> Scheduler<String> {
        Scheduler(rules: rules, clock: clock) { rule, time in
            await recorder.record(rule, at: time, clockTime: clock.now)
        }
    }

    static func firing(_ rule: String, _ time: String) -> FireRecorder.Firing {
        FireRecorder.Firing(rule: rule, payload: "payload of \(rule)", scheduledTime: time)
    }

    /// Starts on Friday 2024-03-01 at 10:02:30 and lets the scheduler sleep and wake step by step.
    @Test func firesEveryRuleAtEachFireTimeInOrder() async throws {
        let clock = ManualScheduleClock(now: utc("2024-03-01T10:02:30"))
        let recorder = FireRecorder()
        let scheduler = Self.scheduler(
            [
                try Self.rule("every5", "rate(5 minutes)"),
                try Self.rule("tens", "cron(0/10 * * * ? *)"),
                try Self.rule("disabled", "cron(* * * * ? *)", enabled: false),
                try Self.rule("weekdays", "cron(20 10 ? * MON-FRI *)"),
            ],
            clock: clock, recorder: recorder
        )
        let run = Task { await scheduler.run() }

        // Each deadline the scheduler sleeps until, in order; the rate counts from 10:02.
        let deadlines = [
            "2024-03-01T10:07", "2024-03-01T10:10", "2024-03-01T10:12", "2024-03-01T10:17", "2024-03-01T10:20",
            "2024-03-01T10:22",
        ]
        for deadline in deadlines {
            #expect(utcText(await clock.nextDeadline()) == deadline)
            clock.advance(to: utc(deadline))
        }
        #expect(utcText(await clock.nextDeadline()) == "2024-03-01T10:27")
        run.cancel()
        await run.value

        #expect(
            await recorder.firings == [
                Self.firing("every5", "2024-03-01T10:07"),
                Self.firing("tens", "2024-03-01T10:10"),
                Self.firing("every5", "2024-03-01T10:12"),
                Self.firing("every5", "2024-03-01T10:17"),
                // Two rules due at once fire in the order they were given.
                Self.firing("tens", "2024-03-01T10:20"),
                Self.firing("weekdays", "2024-03-01T10:20"),
                Self.firing("every5", "2024-03-01T10:22"),
            ]
        )
        let clockTimes = await recorder.clockTimes
        let scheduledTimes = await recorder.firings.map { utc($0.scheduledTime) }
        #expect(zip(clockTimes, scheduledTimes).allSatisfy { $0 >= $1 }, "nothing fires early")
    }

    @Test func deliversEveryMissedFireTimeOnceAfterALateWakeUp() async throws {
        let clock = ManualScheduleClock(now: utc("2024-03-01T10:00:10"))
        let recorder = FireRecorder()
        let scheduler = Self.scheduler(
            [try Self.rule("minutely", "cron(* * * * ? *)"), try Self.rule("every2", "rate(2 minutes)")],
            clock: clock, recorder: recorder
        )
        let run = Task { await scheduler.run() }

        #expect(utcText(await clock.nextDeadline()) == "2024-03-01T10:01")
        // The machine was suspended: the clock jumps past several fire times at once.
        clock.advance(to: utc("2024-03-01T10:04:30"))
        #expect(utcText(await clock.nextDeadline()) == "2024-03-01T10:05")
        // A wall clock set back does not repeat fire times.
        clock.advance(to: utc("2024-03-01T10:02:00"))
        clock.advance(to: utc("2024-03-01T10:05:00"))
        #expect(utcText(await clock.nextDeadline()) == "2024-03-01T10:06")
        run.cancel()
        await run.value

        #expect(
            await recorder.firings == [
                Self.firing("minutely", "2024-03-01T10:01"),
                Self.firing("minutely", "2024-03-01T10:02"),
                Self.firing("every2", "2024-03-01T10:02"),
                Self.firing("minutely", "2024-03-01T10:03"),
                Self.firing("minutely", "2024-03-01T10:04"),
                Self.firing("every2", "2024-03-01T10:04"),
                Self.firing("minutely", "2024-03-01T10:05"),
            ]
        )
    }

    @Test func aRuleWhoseScheduleEndsStopsFiring() async throws {
        let clock = ManualScheduleClock(now: utc("2199-12-31T23:57:00"))
        let recorder = FireRecorder()
        let scheduler = Self.scheduler(
            [try Self.rule("last", "cron(58,59 23 31 12 ? 2199)"), try Self.rule("rate", "rate(3 minutes)")],
            clock: clock, recorder: recorder
        )
        let run = Task { await scheduler.run() }
        for deadline in ["2199-12-31T23:58", "2199-12-31T23:59", "2200-01-01T00:00"] {
            #expect(utcText(await clock.nextDeadline()) == deadline)
            clock.advance(to: utc(deadline))
        }
        #expect(utcText(await clock.nextDeadline()) == "2200-01-01T00:03")
        run.cancel()
        await run.value

        #expect(
            await recorder.firings == [
                Self.firing("last", "2199-12-31T23:58"),
                Self.firing("last", "2199-12-31T23:59"),
                Self.firing("rate", "2200-01-01T00:00"),
            ]
        )
    }

    @Test func firingAllAtStartFiresEachEnabledRuleOnceThenKeepsTheSchedule() async throws {
        let clock = ManualScheduleClock(now: utc("2024-03-01T10:00:59.750"))
        let recorder = FireRecorder()
        let scheduler = Self.scheduler(
            [
                try Self.rule("hourly", "rate(1 hour)"),
                try Self.rule("disabled", "rate(1 minute)", enabled: false),
                try Self.rule("minutely", "cron(* * * * ? *)"),
            ],
            clock: clock, recorder: recorder
        )
        let run = Task { await scheduler.run(firingAllAtStart: true) }
        #expect(utcText(await clock.nextDeadline()) == "2024-03-01T10:01")
        clock.advance(to: utc("2024-03-01T10:01"))
        #expect(utcText(await clock.nextDeadline()) == "2024-03-01T10:02")
        run.cancel()
        await run.value

        #expect(
            await recorder.firings == [
                Self.firing("hourly", "2024-03-01T10:00:59"),
                Self.firing("minutely", "2024-03-01T10:00:59"),
                Self.firing("minutely", "2024-03-01T10:01"),
            ]
        )
    }

    @Test func firesOnDemand() async throws {
        let clock = ManualScheduleClock(now: utc("2024-03-01T10:00:12.5"))
        let recorder = FireRecorder()
        let scheduler = Self.scheduler(
            [try Self.rule("a", "rate(1 hour)"), try Self.rule("b", "cron(0 0 1 1 ? 1970)", enabled: false)],
            clock: clock, recorder: recorder
        )
        #expect(await scheduler.fireAllNow() == utc("2024-03-01T10:00:12"))
        // A rule asked for by name fires even when disabled or out of fire times.
        #expect(await scheduler.fireNow(ruleNamed: "b") == utc("2024-03-01T10:00:12"))
        #expect(await scheduler.fireNow(ruleNamed: "missing") == nil)
        #expect(
            await recorder.firings == [
                Self.firing("a", "2024-03-01T10:00:12"),
                Self.firing("b", "2024-03-01T10:00:12"),
            ]
        )
    }

    @Test func runWithNothingToFireReturnsOnlyWhenCancelled() async throws {
        let clock = ManualScheduleClock(now: utc("2024-03-01T10:00"))
        let recorder = FireRecorder()
        let scheduler = Self.scheduler(
            [try Self.rule("off", "rate(1 minute)", enabled: false), try Self.rule("past", "cron(0 0 1 1 ? 2020)")],
            clock: clock, recorder: recorder
        )
        let run = Task { await scheduler.run() }
        #expect(await clock.nextDeadline() == .distantFuture)
        run.cancel()
        await run.value
        #expect(await recorder.firings.isEmpty)
    }

    @Test func cancelledBeforeStartingFiresNothing() async throws {
        let clock = ManualScheduleClock(now: utc("2024-03-01T10:00"))
        let recorder = FireRecorder()
        let scheduler = Self.scheduler([try Self.rule("minutely", "rate(1 minute)")], clock: clock, recorder: recorder)
        let run = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            await scheduler.run()
        }
        await run.value
        clock.advance(to: utc("2024-03-01T11:00"))
        #expect(await recorder.firings.isEmpty)
    }
}

@Suite("Clocks")
struct ScheduleClockTests {
    @Test func manualClockWakesSleepersInDeadlineOrderOnlyWhenAdvanced() async throws {
        let clock = ManualScheduleClock(now: utc("2024-03-01T10:00"))
        let woken = FireRecorder()
        let rule = ScheduleRule(name: "x", expression: try ScheduleExpression(parsing: "rate(1 minute)"), payload: "")
        let sleeper = Task {
            try await clock.sleep(until: utc("2024-03-01T10:05"))
            await woken.record(rule, at: clock.now, clockTime: clock.now)
        }
        #expect(await clock.nextDeadline() == utc("2024-03-01T10:05"))
        clock.advance(by: 120)
        #expect(clock.now == utc("2024-03-01T10:02"))
        // Still asleep: the deadline is still the sleeper's.
        #expect(await clock.nextDeadline() == utc("2024-03-01T10:05"))
        clock.advance(by: 180)
        try await sleeper.value
        #expect(await woken.firings.map(\.scheduledTime) == ["2024-03-01T10:05"])

        // A deadline already reached returns at once.
        try await clock.sleep(until: utc("2024-03-01T10:00"))
    }

    @Test func manualClockSleepThrowsWhenCancelled() async throws {
        let clock = ManualScheduleClock(now: utc("2024-03-01T10:00"))
        let sleeper = Task { try await clock.sleep(until: utc("2024-03-01T11:00")) }
        _ = await clock.nextDeadline()
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }

    @Test func systemClockSleepsUntilTheDeadline() async throws {
        let clock = SystemScheduleClock()
        let deadline = clock.now.addingTimeInterval(0.05)
        try await clock.sleep(until: deadline)
        #expect(clock.now >= deadline)
        let sleeper = Task { try await clock.sleep(until: clock.now.addingTimeInterval(3600)) }
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }
}
