import Foundation
import ScheduleExpressions

extension LocalSchedules {
    /// A schedule rule of the template, checked and ready to fire.
    public struct Rule: Sendable {
        /// `Name`, or the logical id when the template gives none.
        public var name: String
        /// The resource's logical id.
        public var logicalID: String
        /// When the rule fires.
        public var expression: ScheduleExpression
        /// Whether the rule fires on its schedule (`State: ENABLED`, the default).
        public var isEnabled: Bool
        /// `arn:aws:events:<region>:<account>:rule/<name>`, the event's `resources` entry.
        public var ARN: String
        /// The rule's targets, in template order.
        public var targets: [Target]

        /// Lines telling the user what of this rule a local run leaves out.
        public var warnings: [String] {
            if targets.isEmpty { return ["schedule rule \(name) has no targets; firing it invokes nothing"] }
            return targets.filter { $0.functionName == nil }.map { target in
                "schedule rule \(name): target \(target.id ?? target.ARN) (\(target.ARN)) is not a function of this "
                    + "template; it is not invoked locally"
            }
        }
    }

    /// One target of a rule.
    public struct Target: Sendable {
        /// The target's `Id`.
        public var id: String?
        /// The function invoked, when the target is a function of the template; nil for any other target.
        public var functionName: String?
        /// The target's resolved `Arn` (a placeholder such as `<Queue.Arn>` for attributes only a deployment knows).
        public var ARN: String
        /// The constant JSON that replaces the Scheduled Event, if set.
        public var input: String?
    }

    /// One invocation started by a firing.
    public struct Firing: Sendable {
        /// The rule that fired.
        public var ruleName: String
        /// The target function.
        public var functionName: String
        /// The scheduled time (the event's `time`).
        public var scheduledTime: Date
        /// The invocation's request id, or why the function could not be invoked.
        public var invocation: Result<String, EmulatorError>

        /// The request id, nil when the function could not be invoked.
        public var requestID: String? { try? invocation.get() }

        /// `[schedule <rule>] <time> → <function> RequestId: <id>`, as the console shows it.
        public var consoleLine: String {
            let outcome = switch invocation {
            case .success(let requestID): "RequestId: \(requestID)"
            case .failure(let error): "not invoked: \(error)"
            }
            return "[schedule \(ruleName)] \(scheduledTime.formatted(.iso8601)) → \(functionName) \(outcome)"
        }
    }
}
