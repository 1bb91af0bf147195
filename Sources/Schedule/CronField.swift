/// One of the six fields of a cron expression, with the values and wildcards AWS allows in it.
enum CronField: CaseIterable {
    case minutes, hours, dayOfMonth, month, dayOfWeek, year

    /// The field's name as the EventBridge documentation spells it; error messages use it.
    var name: String {
        switch self {
        case .minutes: "Minutes"
        case .hours: "Hours"
        case .dayOfMonth: "Day-of-month"
        case .month: "Month"
        case .dayOfWeek: "Day-of-week"
        case .year: "Year"
        }
    }

    var range: ClosedRange<Int> {
        switch self {
        case .minutes: 0...59
        case .hours: 0...23
        case .dayOfMonth: 1...31
        case .month: 1...12
        case .dayOfWeek: 1...7
        case .year: 1970...2199
        }
    }

    /// Three-letter names accepted in place of numbers, in value order from `range.lowerBound`.
    var names: [String] {
        switch self {
        case .month: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        case .dayOfWeek: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
        default: []
        }
    }

    /// Whether `/` is allowed; the EventBridge table leaves it out of Day-of-week only.
    var allowsIncrement: Bool { self != .dayOfWeek }

    /// Whether a range may run past the largest value back to the smallest (`20-2` in Hours).
    /// Years are not cyclic.
    var allowsWrapAround: Bool { self != .year }

    /// The largest increment allowed after `/` (Quartz's limits, which reject `*/60` in Minutes).
    var maximumIncrement: Int {
        switch self {
        case .year: range.upperBound - range.lowerBound
        default: range.upperBound
        }
    }

    /// What the field accepts, for error messages.
    var valuesDescription: String {
        let numbers = "\(range.lowerBound)-\(range.upperBound)"
        guard let first = names.first, let last = names.last else { return numbers }
        return "\(numbers) or \(first)-\(last)"
    }
}
