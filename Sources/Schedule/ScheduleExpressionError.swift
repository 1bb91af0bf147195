/// The error thrown when a schedule expression cannot be parsed.
///
/// Its ``description`` names the expression, the cron field at fault (when there is one) and the reason,
/// for example `invalid schedule expression 'cron(0 24 * * ? *)': cron field 'Hours': 24 is out of range 0-23`.
public struct ScheduleExpressionError: Error, Hashable, Sendable, CustomStringConvertible {
    enum Code: Error, Hashable, Sendable {
        case unrecognizedForm
        case invalidRate(reason: String)
        case invalidCron(reason: String)
        case invalidCronField(field: String, reason: String)
    }

    let code: Code

    /// The text that failed to parse.
    public let expression: String

    init(_ code: Code, expression: String) {
        self.code = code
        self.expression = expression
    }

    /// The name of the cron field at fault (`Minutes`, `Hours`, `Day-of-month`, `Month`, `Day-of-week`
    /// or `Year`), or `nil` when the problem is not confined to one field.
    public var field: String? {
        if case .invalidCronField(let field, _) = code { field } else { nil }
    }

    /// A one-line explanation of what is wrong, without the expression text.
    public var reason: String {
        switch code {
        case .unrecognizedForm:
            "expected 'rate(value unit)' or 'cron(Minutes Hours Day-of-month Month Day-of-week Year)'"
        case .invalidRate(let reason):
            "rate expression: \(reason)"
        case .invalidCron(let reason):
            "cron expression: \(reason)"
        case .invalidCronField(let field, let reason):
            "cron field '\(field)': \(reason)"
        }
    }

    /// `invalid schedule expression '<text>': <reason>`.
    public var description: String {
        "invalid schedule expression '\(expression)': \(reason)"
    }
}
