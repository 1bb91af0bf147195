import Foundation
import LambdaEvents
import ScheduleExpressions
import StackTemplate

/// The template's schedule rules, fired locally as EventBridge fires them: at each fire time every target
/// function of the rule is invoked asynchronously (`Event`) with a Scheduled Event, or with the target's
/// constant `Input` when it has one.
///
/// Rules that are `DISABLED` are listed but only fire when asked for by name (``fireNow(ruleNamed:)``).
/// Targets that are not functions of the template (queues, state machines, functions of other stacks) are
/// skipped, with a warning. EventBridge's retries and dead-letter queues for failed invocations are not emulated.
public final class LocalSchedules: Sendable {
    /// Called when an invocation started by a firing ends, with the function's result.
    public typealias Completion = @Sendable (Firing, InvocationResult) -> Void

    /// The template's schedule rules, sorted by logical id.
    public let rules: [Rule]
    private let scheduler: Scheduler<Rule>
    private let clock: any ScheduleClock
    private let lambda: LocalLambda
    private let completion: Completion?

    /// Reads a template's schedule rules and prepares to fire them on a Lambda service.
    ///
    /// Rule ARNs and the events' `region` and `account` come from the service's configuration.
    /// - Parameters:
    ///   - template: The template whose `AWS::Events::Rule`s to fire.
    ///   - lambda: The service that runs the target functions.
    ///   - clock: The clock to fire on; tests inject a `ManualScheduleClock`.
    ///   - completion: Called as each invocation ends (the `fire` command and tests wait for results with it).
    /// - Throws: `EmulatorError.invalidScheduleRule` for an expression that does not parse or an `Input`
    ///   that is not JSON.
    public init(
        template: StackTemplate, lambda: LocalLambda, clock: any ScheduleClock = SystemScheduleClock(),
        completion: Completion? = nil
    ) throws(EmulatorError) {
        let rules = try Self.rules(
            in: template, region: lambda.configuration.region, accountID: lambda.configuration.accountID)
        self.rules = rules
        self.clock = clock
        self.lambda = lambda
        self.completion = completion
        self.scheduler = Scheduler(
            rules: rules.map { ScheduleExpressions.ScheduleRule(
                name: $0.name, expression: $0.expression, isEnabled: $0.isEnabled, payload: $0) },
            clock: clock
        ) { rule, time in
            _ = Self.fire(rule.payload, at: time, lambda: lambda, completion: completion)
        }
    }

    /// What a local run warns about: targets that are not functions of the template, rules without targets.
    public var warnings: [String] { rules.flatMap(\.warnings) }

    /// Finds a rule by name or logical id.
    /// - Parameter name: The rule's `Name` or logical id.
    /// - Returns: The rule, or nil.
    public func rule(named name: String) -> Rule? {
        rules.first { $0.name == name } ?? rules.first { $0.logicalID == name }
    }

    /// Fires the enabled rules at their fire times until the calling task is cancelled.
    ///
    /// Rate schedules count from the call, as EventBridge counts from a rule's creation.
    /// - Parameter firingAllAtStart: Whether to first fire every enabled rule once, with the current time.
    public func run(firingAllAtStart: Bool = false) async {
        await scheduler.run(firingAllAtStart: firingAllAtStart)
    }

    /// Fires one rule now, even when it is disabled; `time` in its event is the clock's time to the second.
    /// - Parameter name: The rule's `Name` or logical id.
    /// - Returns: One firing per target function (each with its request id, or why it was not invoked), or
    ///   nil when the template has no such rule.
    public func fireNow(ruleNamed name: String) -> [Firing]? {
        guard let rule = rule(named: name) else { return nil }
        let time = Date(timeIntervalSince1970: clock.now.timeIntervalSince1970.rounded(.down))
        return Self.fire(rule, at: time, lambda: lambda, completion: completion)
    }

    /// Reads and checks a template's schedule rules without a Lambda service (to list them).
    /// - Parameters:
    ///   - template: The template.
    ///   - region: The region of the rule ARNs.
    ///   - accountID: The account of the rule ARNs.
    /// - Returns: The rules, sorted by logical id.
    /// - Throws: `EmulatorError.invalidScheduleRule` for an expression that does not parse or an `Input`
    ///   that is not JSON.
    public static func rules(in template: StackTemplate, region: String, accountID: String) throws(EmulatorError)
        -> [Rule]
    {
        var rules: [Rule] = []
        for definition in template.schedules {
            let expression: ScheduleExpression
            do {
                expression = try ScheduleExpression(parsing: definition.scheduleExpression)
            } catch {
                throw .invalidScheduleRule(definition.name, reason: error.description)
            }
            var targets: [Target] = []
            for target in definition.targets {
                if let input = target.input {
                    do {
                        _ = try JSONSerialization.jsonObject(with: Data(input.utf8), options: [.fragmentsAllowed])
                    } catch {
                        let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
                        throw .invalidScheduleRule(
                            definition.name, reason: "the Input of target \(target.id ?? target.arn) is not JSON: \(reason)")
                    }
                }
                let function = functionName(logicalID: target.functionLogicalID, arn: target.arn, in: template)
                targets.append(Target(id: target.id, functionName: function, ARN: target.arn, input: target.input))
            }
            rules.append(
                Rule(
                    name: definition.name, logicalID: definition.logicalID, expression: expression,
                    isEnabled: definition.isEnabled, ARN: "arn:aws:events:\(region):\(accountID):rule/\(definition.name)",
                    targets: targets))
        }
        return rules
    }

    /// The Scheduled Event a rule delivers (keys sorted, so the bytes are the same for the same values).
    /// - Parameters:
    ///   - rule: The rule that fires.
    ///   - time: The scheduled time; it appears as ISO 8601 UTC to the second, e.g. `2024-03-01T10:00:00Z`.
    ///   - id: The event's id.
    ///   - region: The event's `region`.
    ///   - accountID: The event's `account`.
    /// - Returns: The event's JSON.
    public static func scheduledEvent(for rule: Rule, at time: Date, id: UUID, region: String, accountID: String)
        -> [UInt8]
    {
        let event = ScheduledEvent(
            id: id.uuidString.lowercased(), time: time.formatted(.iso8601), region: region, account: accountID,
            ruleARN: rule.ARN)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings cannot fail.
        return Array(try! encoder.encode(event))
    }

    /// One event per firing, shared by the rule's targets, as EventBridge sends one event to every target.
    private static func fire(_ rule: Rule, at time: Date, lambda: LocalLambda, completion: Completion?) -> [Firing] {
        let configuration = lambda.configuration
        let event = scheduledEvent(
            for: rule, at: time, id: UUID(), region: configuration.region, accountID: configuration.accountID)
        var firings: [Firing] = []
        for target in rule.targets {
            guard let functionName = target.functionName else { continue }
            let payload = target.input.map { Array($0.utf8) } ?? event
            let invocation: Result<String, EmulatorError>
            do {
                invocation = .success(
                    try lambda.invokeEvent(functionName, payload: payload) { result in
                        let firing = Firing(
                            ruleName: rule.name, functionName: functionName, scheduledTime: time,
                            invocation: .success(result.requestID))
                        completion?(firing, result)
                    })
            } catch {
                invocation = .failure(error)
            }
            let firing = Firing(ruleName: rule.name, functionName: functionName, scheduledTime: time, invocation: invocation)
            configuration.noticeSink(firing.consoleLine)
            firings.append(firing)
        }
        return firings
    }

    // The template's rule type is not spelled out: `StackTemplate.ScheduleRule` would name a member of the
    // `StackTemplate` struct, not of the module.
    private static func functionName(logicalID: String?, arn: String, in template: StackTemplate) -> String? {
        if let logicalID {
            return template.functions.first { $0.logicalID == logicalID }?.name
        }
        // A literal function ARN naming a function of this stack.
        guard arn.hasPrefix("arn:aws:lambda:") else { return nil }
        return template.function(named: arn)?.name
    }
}
