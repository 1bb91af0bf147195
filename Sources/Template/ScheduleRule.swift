/// An `AWS::Events::Rule` with a `ScheduleExpression`, as plain data for a local scheduler.
public struct ScheduleRule: Sendable, Equatable {
    /// One target of a rule.
    public struct Target: Sendable, Equatable {
        /// The target's `Id`.
        public var id: String?
        /// Logical id of the target function, when `Arn` refers to an `AWS::Lambda::Function` of the template.
        public var functionLogicalID: String?
        /// The resolved `Arn` (or a placeholder for attributes that only exist once deployed).
        public var arn: String
        /// The constant JSON text `Input` that replaces the Scheduled Event, if set.
        public var input: String?

        /// Creates a rule target.
        /// - Parameters:
        ///   - id: The target id.
        ///   - functionLogicalID: Logical id of the target function.
        ///   - arn: The target ARN.
        ///   - input: Constant JSON input.
        public init(id: String?, functionLogicalID: String?, arn: String, input: String?) {
            self.id = id
            self.functionLogicalID = functionLogicalID
            self.arn = arn
            self.input = input
        }
    }

    /// The rule's logical id.
    public var logicalID: String
    /// `Name`, or the logical id.
    public var name: String
    /// The expression, e.g. `rate(1 hour)` or `cron(0 18 ? * MON-FRI *)`; not validated here.
    public var scheduleExpression: String
    /// Whether `State` is `ENABLED` (the default when absent).
    public var isEnabled: Bool
    /// The rule's targets.
    public var targets: [Target]

    /// Creates a schedule rule.
    /// - Parameters:
    ///   - logicalID: The rule's logical id.
    ///   - name: The rule's name.
    ///   - scheduleExpression: The schedule expression.
    ///   - isEnabled: Whether the rule is enabled.
    ///   - targets: The rule's targets.
    public init(logicalID: String, name: String, scheduleExpression: String, isEnabled: Bool, targets: [Target]) {
        self.logicalID = logicalID
        self.name = name
        self.scheduleExpression = scheduleExpression
        self.isEnabled = isEnabled
        self.targets = targets
    }
}
