import Foundation
import LambdaEmulator
import ScheduleExpressions
import StackTemplate
import Synchronization
import Testing

/// The template's schedule rules fired on a manual clock against real function processes: the `TestFunction`
/// fixture's `echo` handler returns the event it received, so each result is what the function was given.
@Suite(.timeLimit(.minutes(2))) struct LocalSchedulesTests {
    /// Two echo functions; a rate rule, a weekday cron rule with two targets (one with a constant `Input`),
    /// a disabled rule that would fire every minute.
    static let template = """
        {"Resources": {
          "Echo": {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "echo", "Handler": "echo", "Timeout": 10}},
          "EchoToo": {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "echoToo", "Handler": "echo", "Timeout": 10}},
          "EveryFive": {"Type": "AWS::Events::Rule", "Properties": {
            "Name": "every-five", "ScheduleExpression": "rate(5 minutes)",
            "Targets": [{"Id": "echo", "Arn": {"Fn::GetAtt": ["Echo", "Arn"]}}]}},
          "Weekdays": {"Type": "AWS::Events::Rule", "Properties": {
            "ScheduleExpression": "cron(20 10 ? * MON-FRI *)",
            "Targets": [
              {"Id": "event", "Arn": {"Fn::GetAtt": ["Echo", "Arn"]}},
              {"Id": "constant", "Arn": {"Fn::GetAtt": ["EchoToo", "Arn"]}, "Input": "{\\"constant\\": [1, 2]}"}]}},
          "Off": {"Type": "AWS::Events::Rule", "Properties": {
            "Name": "off", "ScheduleExpression": "cron(* * * * ? *)", "State": "DISABLED",
            "Targets": [{"Id": "echo", "Arn": "arn:aws:lambda:us-east-1:123456789012:function:echo"}]}}
        }}
        """

    /// What one invocation started by a firing delivered and returned.
    struct Delivered: Sendable {
        let firing: LocalSchedules.Firing
        let result: InvocationResult
        var event: [String: Any] { result.json }
    }

    /// A Lambda service with the template's functions, schedules on a manual clock, and the deliveries as they end.
    struct Harness {
        let lambda: LocalLambda
        let schedules: LocalSchedules
        let clock: ManualScheduleClock
        let notices = Lines()
        var deliveries: AsyncStream<Delivered>.Iterator
        let deliveriesEnd: AsyncStream<Delivered>.Continuation

        init(now: String, template text: String = LocalSchedulesTests.template) throws {
            let template = try StackTemplate(data: Data(text.utf8))
            let functions = template.functions.map {
                LocalFunction(definition: $0, codePath: productsDirectory + "/TestFunction")
            }
            var configuration = configuration(LogCollector())
            configuration.noticeSink = notices.append
            lambda = LocalLambda(functions: functions, configuration: configuration)
            clock = ManualScheduleClock(now: utc(now))
            let (stream, continuation) = AsyncStream<Delivered>.makeStream()
            schedules = try LocalSchedules(template: template, lambda: lambda, clock: clock) { firing, result in
                continuation.yield(Delivered(firing: firing, result: result))
            }
            deliveries = stream.makeAsyncIterator()
            deliveriesEnd = continuation
        }

        /// Waits for the next `count` invocations to end, ordered by function name (targets of one firing run at once).
        mutating func next(_ count: Int) async throws -> [Delivered] {
            var received: [Delivered] = []
            for _ in 0..<count { received.append(try #require(await deliveries.next())) }
            return received.sorted { $0.firing.functionName < $1.firing.functionName }
        }
    }

    /// Checks every field of a Scheduled Event.
    static func expectScheduledEvent(_ delivered: Delivered, rule: String, time: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let event = delivered.event
        #expect(event["version"] as? String == "0", sourceLocation: sourceLocation)
        #expect(event["detail-type"] as? String == "Scheduled Event", sourceLocation: sourceLocation)
        #expect(event["source"] as? String == "aws.events", sourceLocation: sourceLocation)
        #expect(event["account"] as? String == "123456789012", sourceLocation: sourceLocation)
        #expect(event["time"] as? String == time, sourceLocation: sourceLocation)
        #expect(event["region"] as? String == "us-east-1", sourceLocation: sourceLocation)
        #expect(event["resources"] as? [String] == ["arn:aws:events:us-east-1:123456789012:rule/\(rule)"], sourceLocation: sourceLocation)
        #expect((event["detail"] as? [String: Any])?.isEmpty == true, sourceLocation: sourceLocation)
        let id = event["id"] as? String ?? ""
        #expect(UUID(uuidString: id) != nil && id == id.lowercased(), "id \(id)", sourceLocation: sourceLocation)
        #expect(event.count == 9, sourceLocation: sourceLocation)
        #expect(delivered.firing.ruleName == rule, sourceLocation: sourceLocation)
        #expect(delivered.firing.scheduledTime == utc(time), sourceLocation: sourceLocation)
        #expect(delivered.firing.requestID == delivered.result.requestID, sourceLocation: sourceLocation)
        #expect(delivered.result.functionError == nil, sourceLocation: sourceLocation)
    }

    /// Starts on Friday 2024-03-01 at 10:02:30 and moves the clock to each fire time in turn.
    @Test func firesEachRuleAtItsTimesWithTheScheduledEventOrItsInput() async throws {
        var harness = try Harness(now: "2024-03-01T10:02:30")
        let run = Task { [schedules = harness.schedules] in await schedules.run() }
        // Deadline, then how many invocations it starts; the rate counts from the start minute, 10:02.
        let steps = [("2024-03-01T10:07", 1), ("2024-03-01T10:12", 1), ("2024-03-01T10:17", 1), ("2024-03-01T10:20", 2),
                     ("2024-03-01T10:22", 1)]
        var delivered: [[Delivered]] = []
        for (deadline, count) in steps {
            #expect(utcText(await harness.clock.nextDeadline()) == deadline)
            harness.clock.advance(to: utc(deadline))
            delivered.append(try await harness.next(count))
        }
        // The disabled every-minute rule never woke the scheduler: the next deadline is the rate's.
        #expect(utcText(await harness.clock.nextDeadline()) == "2024-03-01T10:27")
        run.cancel()
        await run.value
        await harness.lambda.shutdown()

        for (index, time) in ["2024-03-01T10:07:00Z", "2024-03-01T10:12:00Z", "2024-03-01T10:17:00Z"].enumerated() {
            #expect(delivered[index].map(\.firing.functionName) == ["echo"])
            Self.expectScheduledEvent(delivered[index][0], rule: "every-five", time: time)
        }
        #expect(delivered[3].map(\.firing.functionName) == ["echo", "echoToo"])
        // No Name: the rule is named by its logical id.
        Self.expectScheduledEvent(delivered[3][0], rule: "Weekdays", time: "2024-03-01T10:20:00Z")
        // The constant Input replaces the event, byte for byte.
        #expect(delivered[3][1].result.text == #"{"constant": [1, 2]}"#)
        #expect(delivered[3][1].firing.ruleName == "Weekdays")
        Self.expectScheduledEvent(delivered[4][0], rule: "every-five", time: "2024-03-01T10:22:00Z")

        let events = delivered.flatMap { $0 }.filter { $0.firing.functionName == "echo" }
        #expect(Set(events.map { $0.event["id"] as? String }).count == 5, "every event has its own id")
        // Nothing else was invoked: no more deliveries once the service has stopped.
        harness.deliveriesEnd.finish()
        #expect(await harness.deliveries.next() == nil)
        // One console line per invocation, in firing order.
        let requestIDs = delivered.flatMap { $0 }.map(\.result.requestID)
        #expect(harness.notices.all == delivered.flatMap { $0 }.map(\.firing.consoleLine))
        #expect(harness.notices.all.first == "[schedule every-five] 2024-03-01T10:07:00Z → echo RequestId: \(requestIDs[0])")
        #expect(harness.lambda.instancesStarted("echo") == 1)
    }

    @Test func firesEveryEnabledRuleAtStartThenKeepsTheSchedule() async throws {
        var harness = try Harness(now: "2024-03-01T10:00:59.750")
        let run = Task { [schedules = harness.schedules] in await schedules.run(firingAllAtStart: true) }
        // Every enabled rule once, each target, with the start time to the second; not the disabled rule.
        let atStart = try await harness.next(3)
        #expect(atStart.map(\.firing.functionName) == ["echo", "echo", "echoToo"])
        let events = atStart.filter { $0.firing.functionName == "echo" }.sorted { $0.firing.ruleName < $1.firing.ruleName }
        Self.expectScheduledEvent(events[0], rule: "Weekdays", time: "2024-03-01T10:00:59Z")
        Self.expectScheduledEvent(events[1], rule: "every-five", time: "2024-03-01T10:00:59Z")
        #expect(atStart[2].result.text == #"{"constant": [1, 2]}"#)
        // The rate still counts from the start minute.
        #expect(utcText(await harness.clock.nextDeadline()) == "2024-03-01T10:05")
        harness.clock.advance(to: utc("2024-03-01T10:05"))
        Self.expectScheduledEvent(try await harness.next(1)[0], rule: "every-five", time: "2024-03-01T10:05:00Z")
        #expect(utcText(await harness.clock.nextDeadline()) == "2024-03-01T10:10")
        run.cancel()
        await run.value
        await harness.lambda.shutdown()
        harness.deliveriesEnd.finish()
        #expect(await harness.deliveries.next() == nil)
        #expect(!harness.notices.all.contains { $0.hasPrefix("[schedule off]") })
    }

    @Test func firesOneRuleOnDemandEvenWhenDisabled() async throws {
        var harness = try Harness(now: "2024-03-02T23:59:30.5")
        // The disabled rule names its function by a literal ARN.
        let firings = try #require(harness.schedules.fireNow(ruleNamed: "off"))
        #expect(firings.map(\.functionName) == ["echo"])
        let delivered = try await harness.next(1)[0]
        Self.expectScheduledEvent(delivered, rule: "off", time: "2024-03-02T23:59:30Z")
        #expect(firings[0].requestID == delivered.result.requestID)
        // By logical id too.
        #expect(harness.schedules.fireNow(ruleNamed: "EveryFive")?.map(\.ruleName) == ["every-five"])
        Self.expectScheduledEvent(try await harness.next(1)[0], rule: "every-five", time: "2024-03-02T23:59:30Z")
        #expect(harness.schedules.fireNow(ruleNamed: "missing") == nil)
        await harness.lambda.shutdown()
        #expect(harness.schedules.rule(named: "off")?.isEnabled == false)
        #expect(harness.schedules.warnings.isEmpty)
    }

    @Test func aFunctionThatCannotBeInvokedIsReportedNotFired() async throws {
        // The template names a function the service was not given.
        let template = try StackTemplate(data: Data(Self.template.utf8))
        let lines = Lines()
        var configuration = configuration(LogCollector())
        configuration.noticeSink = lines.append
        let lambda = LocalLambda(functions: [], configuration: configuration)
        let schedules = try LocalSchedules(template: template, lambda: lambda, clock: ManualScheduleClock(now: utc("2024-03-01T10:00")))
        let firings = try #require(schedules.fireNow(ruleNamed: "every-five"))
        #expect(firings.count == 1)
        #expect(firings[0].requestID == nil)
        #expect(lines.all == ["[schedule every-five] 2024-03-01T10:00:00Z → echo not invoked: function not found: echo"])
        await lambda.shutdown()
    }

    @Test func targetsThatAreNotTemplateFunctionsAreWarnedAbout() throws {
        let template = try StackTemplate(data: Data("""
            {"Resources": {
              "Echo": {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "echo"}},
              "Queue": {"Type": "AWS::SQS::Queue"},
              "Mixed": {"Type": "AWS::Events::Rule", "Properties": {"ScheduleExpression": "rate(1 day)", "Targets": [
                {"Id": "fn", "Arn": {"Fn::GetAtt": ["Echo", "Arn"]}},
                {"Id": "queue", "Arn": {"Fn::GetAtt": ["Queue", "Arn"]}},
                {"Id": "other", "Arn": "arn:aws:lambda:us-east-1:123456789012:function:elsewhere"}]}},
              "Empty": {"Type": "AWS::Events::Rule", "Properties": {"ScheduleExpression": "rate(2 days)"}}
            }}
            """.utf8))
        let rules = try LocalSchedules.rules(in: template, region: "eu-west-1", accountID: "111122223333")
        #expect(rules.map(\.name) == ["Empty", "Mixed"])
        #expect(rules[1].ARN == "arn:aws:events:eu-west-1:111122223333:rule/Mixed")
        #expect(rules[1].targets.map(\.functionName) == ["echo", nil, nil])
        #expect(rules.flatMap(\.warnings) == [
            "schedule rule Empty has no targets; firing it invokes nothing",
            "schedule rule Mixed: target queue (<Queue.Arn>) is not a function of this template; it is not invoked locally",
            "schedule rule Mixed: target other (arn:aws:lambda:us-east-1:123456789012:function:elsewhere) is not a "
                + "function of this template; it is not invoked locally",
        ])
    }

    @Test(arguments: [
        (#""ScheduleExpression": "rate(5 hour)""#,
         "schedule rule Bad: invalid schedule expression 'rate(5 hour)': rate expression: unit must be plural ('hours') when the value is greater than 1"),
        (#""ScheduleExpression": "cron(0 24 * * ? *)""#,
         "schedule rule Bad: invalid schedule expression 'cron(0 24 * * ? *)': cron field 'Hours': 24 is out of range 0-23"),
        (#""Name": "named", "ScheduleExpression": "every hour""#,
         "schedule rule named: invalid schedule expression 'every hour': expected 'rate(value unit)' or 'cron(Minutes Hours Day-of-month Month Day-of-week Year)'"),
        (#""ScheduleExpression": "rate(1 hour)", "Targets": [{"Id": "t", "Arn": {"Fn::GetAtt": ["Echo", "Arn"]}, "Input": "{nope"}]"#,
         "schedule rule Bad: the Input of target t is not JSON: "),
    ])
    func rulesThatCannotFireAreClearErrors(properties: String, message: String) throws {
        let template = try StackTemplate(data: Data("""
            {"Resources": {
              "Echo": {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "echo"}},
              "Bad": {"Type": "AWS::Events::Rule", "Properties": {\(properties)}}
            }}
            """.utf8))
        let error = try #require(throws: EmulatorError.self) {
            try LocalSchedules.rules(in: template, region: "us-east-1", accountID: "123456789012")
        }
        if message.hasSuffix(": ") {
            // Followed by the JSON parser's own reason.
            #expect(error.description.hasPrefix(message) && error.description.count > message.count, "\(error)")
        } else {
            #expect(error.description == message)
        }
    }

    @Test func theStackFiresSchedulesOnlyWhenAskedAndRejectsABadRuleAtStart() async throws {
        let template = try StackTemplate(data: Data(Self.template.utf8))
        let functions = template.functions.map { LocalFunction(definition: $0, codePath: productsDirectory + "/TestFunction") }
        var configuration = EmulatedStack.Configuration()
        configuration.invokePort = nil
        configuration.apiPort = nil
        let lines = Lines()
        configuration.emulator = LambdaEmulatorTests.configuration(LogCollector())
        configuration.emulator.noticeSink = lines.append
        let quiet = try await EmulatedStack.start(template: template, functions: functions, configuration: configuration)
        #expect(quiet.schedules == nil)
        await quiet.shutdown()

        let clock = ManualScheduleClock(now: utc("2024-03-01T10:00:10"))
        configuration.firesSchedules = true
        configuration.firesSchedulesAtStart = true
        configuration.scheduleClock = clock
        let firing = try await EmulatedStack.start(template: template, functions: functions, configuration: configuration)
        #expect(firing.schedules?.rules.map(\.name) == ["every-five", "off", "Weekdays"])
        // Fired all at start, then asleep until the rate's first fire time.
        #expect(utcText(await clock.nextDeadline()) == "2024-03-01T10:05")
        await firing.shutdown()
        #expect(lines.all.map { $0.split(separator: " ").prefix(5).joined(separator: " ") } == [
            "[schedule every-five] 2024-03-01T10:00:10Z → echo", "[schedule Weekdays] 2024-03-01T10:00:10Z → echo",
            "[schedule Weekdays] 2024-03-01T10:00:10Z → echoToo",
        ])

        let broken = try StackTemplate(data: Data(Self.template.replacingOccurrences(of: "rate(5 minutes)", with: "rate(0 minutes)").utf8))
        await #expect(throws: EmulatorError.invalidScheduleRule(
            "every-five", reason: "invalid schedule expression 'rate(0 minutes)': rate expression: value 0 is not a positive integer")
        ) {
            _ = try await EmulatedStack.start(template: broken, functions: functions, configuration: configuration)
        }
    }
}

/// Collects lines for assertions.
final class Lines: Sendable {
    private let lines = Mutex<[String]>([])

    var append: @Sendable (String) -> Void { { [self] line in lines.withLock { $0.append(line) } } }

    var all: [String] { lines.withLock { $0 } }
}

/// `2024-03-01T10:02:30` (UTC, optional seconds, fraction and `Z`) as a date.
func utc(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    var full = text.hasSuffix("Z") ? String(text.dropLast()) : text
    if full.count == 16 { full += ":00" }
    if !full.contains(".") { full += ".000" }
    return formatter.date(from: full + "Z")!
}

/// A date as `2024-03-01T10:07` (or with seconds when they are not zero).
func utcText(_ date: Date) -> String {
    let text = date.formatted(.iso8601).dropLast()  // no Z
    return text.hasSuffix(":00") ? String(text.dropLast(3)) : String(text)
}
