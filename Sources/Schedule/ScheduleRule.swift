/// A named schedule and what to deliver when it fires.
public struct ScheduleRule<Payload: Sendable>: Sendable {
    /// The rule's name, used by ``Scheduler/fireNow(ruleNamed:)``.
    public var name: String
    /// When the rule fires.
    public var expression: ScheduleExpression
    /// Whether the rule fires on its schedule; a disabled rule (`State: DISABLED`) only fires when asked by name.
    public var isEnabled: Bool
    /// What the rule delivers, handed to the scheduler's fire closure unchanged.
    public var payload: Payload

    /// Creates a rule.
    ///
    /// - Parameters:
    ///   - name: The rule's name.
    ///   - expression: When the rule fires.
    ///   - isEnabled: Whether the rule fires on its schedule.
    ///   - payload: What the rule delivers.
    public init(name: String, expression: ScheduleExpression, isEnabled: Bool = true, payload: Payload) {
        self.name = name
        self.expression = expression
        self.isEnabled = isEnabled
        self.payload = payload
    }
}

extension ScheduleRule: Equatable where Payload: Equatable {}
extension ScheduleRule: Hashable where Payload: Hashable {}
