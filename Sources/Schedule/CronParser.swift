/// Parses the six fields inside `cron(…)` following the EventBridge grammar.
///
/// Choices where the EventBridge documentation is silent follow Quartz (which EventBridge's grammar
/// comes from) and what users report the EventBridge console accepts: `LW`, `*/n`, `a-b/n`, names
/// in any letter case, `L` alone in Day-of-week meaning Saturday. Offsets from `L` (`L-3`) are rejected.
enum CronParser {
    typealias Code = ScheduleExpressionError.Code

    static func parse(_ body: Substring) throws(Code) -> CronSchedule {
        let fields = body.split(whereSeparator: \.isWhitespace)
        guard fields.count == 6 else {
            throw .invalidCron(
                reason: "expected 6 fields (Minutes Hours Day-of-month Month Day-of-week Year), got \(fields.count)"
            )
        }
        let minutes = try values(of: fields[0], in: .minutes)
        let hours = try values(of: fields[1], in: .hours)
        let dayOfMonth = try dayOfMonthSelector(fields[2])
        let months = try values(of: fields[3], in: .month)
        let dayOfWeek = try dayOfWeekSelector(fields[4])
        let years = try values(of: fields[5], in: .year)

        let days: CronSchedule.DaySelector
        switch (dayOfMonth, dayOfWeek) {
        case (let selector?, nil), (nil, let selector?):
            days = selector
        case (nil, nil):
            throw .invalidCron(reason: "Day-of-month and Day-of-week cannot both be '?'; use '?' in exactly one of them")
        case (_?, _?):
            throw .invalidCron(
                reason: "one of Day-of-month and Day-of-week must be '?' (got '\(fields[2])' and '\(fields[4])')"
            )
        }
        return CronSchedule(minutes: minutes, hours: hours, days: days, months: months, years: years)
    }

    // MARK: Day fields

    /// `nil` for `?`.
    static func dayOfMonthSelector(_ text: Substring) throws(Code) -> CronSchedule.DaySelector? {
        if text == "?" { return nil }
        let upper = text.uppercased()
        let items = upper.split(separator: ",", omittingEmptySubsequences: false)
        if items.count > 1, let special = items.first(where: { $0.hasPrefix("L") || $0.hasSuffix("W") }) {
            throw fail(.dayOfMonth, "'\(special)' cannot be combined with other values in a list")
        }
        if upper == "L" { return .lastDayOfMonth }
        if upper == "LW" { return .lastWeekdayOfMonth }
        if upper.hasPrefix("L-") {
            throw fail(.dayOfMonth, "offsets from the last day ('\(text)') are not supported")
        }
        if upper.hasSuffix("W") {
            let day = upper.dropLast()
            guard !day.isEmpty else { throw fail(.dayOfMonth, "'W' needs a day before it, e.g. '15W'") }
            guard day.allSatisfy(\.isASCIIDigit) else {
                throw fail(.dayOfMonth, "'W' needs a single day before it, e.g. '15W', not '\(day)'")
            }
            return .nearestWeekday(to: try value(of: day, in: .dayOfMonth))
        }
        if upper.hasSuffix("L") {
            throw fail(.dayOfMonth, "'\(text)' is not valid: 'L' in Day-of-month must be used alone")
        }
        let days = try values(of: text, in: .dayOfMonth)
        return .daysOfMonth(days.reduce(0) { $0 | 1 << $1 })
    }

    /// `nil` for `?`.
    static func dayOfWeekSelector(_ text: Substring) throws(Code) -> CronSchedule.DaySelector? {
        if text == "?" { return nil }
        let upper = text.uppercased()
        if upper.contains("#") {
            guard !upper.contains(",") else {
                throw fail(.dayOfWeek, "only one expression is allowed when '#' is used (got '\(text)')")
            }
            let parts = text.split(separator: "#", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw fail(.dayOfWeek, "'\(text)' is not valid: '#' needs a weekday and an occurrence, e.g. '3#2'")
            }
            let weekday = try value(of: parts[0], in: .dayOfWeek)
            guard parts[1].allSatisfy(\.isASCIIDigit), let occurrence = Int(parts[1]), (1...5).contains(occurrence)
            else {
                throw fail(.dayOfWeek, "occurrence '\(parts[1])' in '\(text)' is out of range 1-5")
            }
            return .nthWeekday(weekday, occurrence: occurrence)
        }
        let items = upper.split(separator: ",", omittingEmptySubsequences: false)
        if items.count > 1, let special = items.first(where: { $0.hasSuffix("L") || $0.hasPrefix("L-") }) {
            throw fail(.dayOfWeek, "'\(special)' cannot be combined with other values in a list")
        }
        // Quartz reads `L` alone as the last day of the week, Saturday, every week.
        if upper == "L" { return .daysOfWeek(1 << 7) }
        if upper.hasPrefix("L-") {
            throw fail(.dayOfWeek, "offsets from 'L' ('\(text)') are not supported")
        }
        if upper.hasSuffix("L") {
            return .lastOfWeekday(try value(of: upper.dropLast(), in: .dayOfWeek))
        }
        let weekdays = try values(of: text, in: .dayOfWeek)
        return .daysOfWeek(weekdays.reduce(0) { $0 | 1 << $1 })
    }

    // MARK: Lists, ranges, increments

    /// The sorted values a list of `*`, `a`, `a-b`, `a/n`, `a-b/n` and `*/n` items selects.
    static func values(of text: Substring, in field: CronField) throws(Code) -> [Int] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
        var selected = Set<Int>()
        for item in items {
            guard !item.isEmpty else { throw fail(field, "'\(text)' has an empty list item") }
            if item == "*" {
                guard items.count == 1 else {
                    throw fail(field, "'*' cannot be combined with other values in a list")
                }
                return Array(field.range)
            }
            try rejectWildcardsNotAllowed(in: item, field: field)
            selected.formUnion(try itemValues(item, in: field))
        }
        return selected.sorted()
    }

    private static func itemValues(_ item: Substring, in field: CronField) throws(Code) -> [Int] {
        let parts = item.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw fail(field, "'\(item)' has more than one '/'") }
        let base = parts[0]
        var increment = 1
        if parts.count == 2 {
            guard field.allowsIncrement else { throw fail(field, "'/' is not allowed in \(field.name)") }
            guard !base.isEmpty else { throw fail(field, "'\(item)' needs a start value before '/'") }
            let text = parts[1]
            guard !text.isEmpty else { throw fail(field, "'\(item)' needs an increment after '/'") }
            guard text.allSatisfy(\.isASCIIDigit) else {
                throw fail(field, "increment '\(text)' in '\(item)' is not a number")
            }
            guard let number = Int(text), (1...field.maximumIncrement).contains(number) else {
                throw fail(field, "increment \(text) in '\(item)' is out of range 1-\(field.maximumIncrement)")
            }
            increment = number
        }

        let start: Int
        let end: Int
        if base == "*" {
            (start, end) = (field.range.lowerBound, field.range.upperBound)
        } else if base.contains("-") {
            let bounds = base.split(separator: "-", omittingEmptySubsequences: false)
            guard bounds.count == 2, !bounds[0].isEmpty, !bounds[1].isEmpty else {
                throw fail(field, "'\(base)' is not a valid range")
            }
            start = try value(of: bounds[0], in: field)
            end = try value(of: bounds[1], in: field)
            if start > end, !field.allowsWrapAround {
                throw fail(field, "range '\(base)' ends before it starts")
            }
        } else {
            start = try value(of: base, in: field)
            // `a/n` runs to the end of the field, like `a-max/n`.
            end = parts.count == 2 ? field.range.upperBound : start
        }

        // A range whose end is before its start wraps around past the field's largest value.
        let size = field.range.count
        let lowest = field.range.lowerBound
        let span = UTCCalendar.floorMod(end - start, size)
        return stride(from: 0, through: span, by: increment).map { lowest + (start - lowest + $0) % size }
    }

    /// A number or (in Month and Day-of-week) a three-letter name, in any letter case.
    static func value(of token: Substring, in field: CronField) throws(Code) -> Int {
        if !token.isEmpty, token.allSatisfy(\.isASCIIDigit) {
            guard let number = Int(token), field.range.contains(number) else {
                throw fail(field, "\(token) is out of range \(field.range.lowerBound)-\(field.range.upperBound)")
            }
            return number
        }
        if let index = field.names.firstIndex(of: token.uppercased()) {
            return field.range.lowerBound + index
        }
        throw fail(field, "'\(token)' is not a valid value (expected \(field.valuesDescription))")
    }

    /// Names the wildcard when `?`, `#`, `L` or `W` turns up in a field that does not take it, which
    /// says more than "not a valid value".
    private static func rejectWildcardsNotAllowed(in item: Substring, field: CronField) throws(Code) {
        if item.contains("?") {
            throw fail(
                field,
                field == .dayOfMonth || field == .dayOfWeek
                    ? "'?' cannot be combined with other values"
                    : "'?' is only allowed in Day-of-month and Day-of-week"
            )
        }
        if item.contains("#") { throw fail(field, "'#' is only allowed in Day-of-week") }
        let upper = item.uppercased()
        let digitsThen = { (suffix: String) in
            upper.hasSuffix(suffix) && upper.dropLast(suffix.count).allSatisfy(\.isASCIIDigit)
        }
        if digitsThen("W") || upper == "LW" {
            throw fail(field, "'W' is only allowed in Day-of-month")
        }
        if digitsThen("L") || upper.hasPrefix("L-") {
            throw fail(field, "'L' is only allowed in Day-of-month and Day-of-week")
        }
    }

    private static func fail(_ field: CronField, _ reason: String) -> Code {
        .invalidCronField(field: field.name, reason: reason)
    }
}
