/// The event EventBridge delivers to a Lambda target of a schedule rule (`detail-type: Scheduled Event`).
public struct ScheduledEvent: Codable, Sendable, Equatable {
    /// Always `0`.
    public var version: String
    /// A unique id of this event.
    public var id: String
    /// Always `Scheduled Event`.
    public var detailType: String
    /// Always `aws.events`.
    public var source: String
    /// The account that owns the rule.
    public var account: String
    /// The scheduled time, ISO 8601 UTC with second precision, e.g. `2019-03-01T01:23:45Z`.
    public var time: String
    /// The region of the rule.
    public var region: String
    /// The ARN of the rule that fired.
    public var resources: [String]
    /// Always empty for schedules.
    public var detail: [String: String]

    /// Creates a Scheduled Event.
    public init(
        id: String, time: String, region: String, account: String, ruleARN: String
    ) {
        self.version = "0"
        self.id = id
        self.detailType = "Scheduled Event"
        self.source = "aws.events"
        self.account = account
        self.time = time
        self.region = region
        self.resources = [ruleARN]
        self.detail = [:]
    }

    private enum CodingKeys: String, CodingKey {
        case version, id, detailType = "detail-type", source, account, time, region, resources, detail
    }
}
