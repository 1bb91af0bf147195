import Foundation
import TestSupport

/// A random valid cron expression together with an independent oracle for it.
///
/// The oracle is written from the EventBridge/Quartz definitions as predicates over one candidate
/// minute (using Foundation's `Calendar` for weekdays and month lengths), not by enumerating values the
/// way the library does, so the two can only agree by both being right.
struct RandomCronExpression {
    /// Facts about one UTC day, read from Foundation's calendar.
    struct Day {
        let year: Int
        let month: Int
        let day: Int
        /// 1 = Sunday … 7 = Saturday, as in Foundation and EventBridge alike.
        let weekday: Int
        let monthLength: Int
    }

    let text: String
    let matchesTime: (_ hour: Int, _ minute: Int) -> Bool
    let matchesDay: (Day) -> Bool

    func matches(_ date: Date, calendar: Calendar) -> Bool {
        let parts = calendar.dateComponents([.hour, .minute, .second], from: date)
        return parts.second == 0 && matchesTime(parts.hour!, parts.minute!) && matchesDay(Self.day(of: date, calendar))
    }

    static func day(of date: Date, _ calendar: Calendar) -> Day {
        let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
        let length = calendar.range(of: .day, in: .month, for: date)!.count
        return Day(year: parts.year!, month: parts.month!, day: parts.day!, weekday: parts.weekday!, monthLength: length)
    }

    static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    // MARK: Generation

    /// - Parameter years: years to favour in the Year field, so that the expression can fire near them.
    static func random(near years: ClosedRange<Int>, using rng: inout SplitMix64) -> RandomCronExpression {
        let minutes = numericField(0...59, names: [], wraps: true, steps: true, using: &rng)
        let hours = numericField(0...23, names: [], wraps: true, steps: true, using: &rng)
        let months = numericField(1...12, names: monthNames, wraps: true, steps: true, using: &rng)
        let yearField = year(near: years, using: &rng)
        let (dayOfMonth, dayOfWeek, matchesDayField) = dayFields(using: &rng)

        let text = "cron(\(minutes.text) \(hours.text) \(dayOfMonth) \(months.text) \(dayOfWeek) \(yearField.text))"
        return RandomCronExpression(
            text: text,
            matchesTime: { hour, minute in hours.matches(hour) && minutes.matches(minute) },
            matchesDay: { day in yearField.matches(day.year) && months.matches(day.month) && matchesDayField(day) }
        )
    }

    struct Field {
        let text: String
        let matches: (Int) -> Bool
    }

    static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    static let weekdayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

    /// `*`, a value, a range, an increment or a list of them.
    static func numericField(
        _ range: ClosedRange<Int>, names: [String], wraps: Bool, steps: Bool, using rng: inout SplitMix64
    ) -> Field {
        if Int.random(in: 0..<4, using: &rng) == 0 {
            return Field(text: "*", matches: { _ in true })
        }
        let count = Int.random(in: 0..<3, using: &rng) == 0 ? Int.random(in: 2...3, using: &rng) : 1
        let items = (0..<count).map { _ in item(range, names: names, wraps: wraps, steps: steps, using: &rng) }
        return Field(
            text: items.map(\.text).joined(separator: ","),
            matches: { value in items.contains { $0.matches(value) } }
        )
    }

    private static func item(
        _ range: ClosedRange<Int>, names: [String], wraps: Bool, steps: Bool, using rng: inout SplitMix64
    ) -> Field {
        let size = range.count
        let low = range.lowerBound
        func value() -> Int { Int.random(in: range, using: &rng) }
        func render(_ value: Int) -> String {
            if !names.isEmpty, Bool.random(using: &rng) {
                let name = names[value - low]
                return Bool.random(using: &rng) ? name : name.lowercased()
            }
            return value < 10 && Int.random(in: 0..<5, using: &rng) == 0 ? "0\(value)" : "\(value)"
        }
        /// Position of `v` counted forward from `start`, wrapping past the top of the range.
        func offset(_ v: Int, from start: Int) -> Int { ((v - start) % size + size) % size }

        switch Int.random(in: 0..<5, using: &rng) {
        case 0:
            let a = value()
            return Field(text: render(a), matches: { $0 == a })
        case 1:
            var (a, b) = (value(), value())
            if !wraps, a > b { swap(&a, &b) }
            let (start, end) = (a, b)
            return Field(text: "\(render(start))-\(render(end))", matches: { offset($0, from: start) <= offset(end, from: start) })
        case 2 where steps:
            let (a, step) = (value(), Int.random(in: 1...range.upperBound, using: &rng))
            return Field(text: "\(render(a))/\(step)", matches: { $0 >= a && ($0 - a) % step == 0 })
        case 3 where steps:
            var (a, b) = (value(), value())
            if !wraps, a > b { swap(&a, &b) }
            let (start, end, step) = (a, b, Int.random(in: 1...max(1, range.upperBound / 2), using: &rng))
            return Field(
                text: "\(render(start))-\(render(end))/\(step)",
                matches: { offset($0, from: start) <= offset(end, from: start) && offset($0, from: start) % step == 0 }
            )
        case 4 where steps:
            let step = Int.random(in: 1...max(1, range.upperBound / 3), using: &rng)
            return Field(text: "*/\(step)", matches: { ($0 - low) % step == 0 })
        default:
            let a = value()
            return Field(text: render(a), matches: { $0 == a })
        }
    }

    private static func year(near years: ClosedRange<Int>, using rng: inout SplitMix64) -> Field {
        let nearby = max(1970, years.lowerBound - 1)...min(2199, years.upperBound + 1)
        switch Int.random(in: 0..<6, using: &rng) {
        case 0:
            let year = Int.random(in: nearby, using: &rng)
            return Field(text: "\(year)", matches: { $0 == year })
        case 1:
            let first = Int.random(in: nearby, using: &rng)
            let last = Int.random(in: first...min(2199, first + 3), using: &rng)
            return Field(text: "\(first)-\(last)", matches: { (first...last).contains($0) })
        case 2:
            let (first, step) = (Int.random(in: nearby, using: &rng), Int.random(in: 1...3, using: &rng))
            return Field(text: "\(first)/\(step)", matches: { $0 >= first && ($0 - first) % step == 0 })
        default:
            return Field(text: "*", matches: { _ in true })
        }
    }

    /// The Day-of-month and Day-of-week texts (one of them `?`) and the day predicate.
    private static func dayFields(
        using rng: inout SplitMix64
    ) -> (String, String, (Day) -> Bool) {
        func isWorkday(_ weekday: Int) -> Bool { (2...6).contains(weekday) }
        func weekday(of day: Int, in d: Day) -> Int { ((d.weekday - 1 + day - d.day) % 7 + 7) % 7 + 1 }

        if Bool.random(using: &rng) {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0, 1:
                // The last day of the month.
                return ("L", "?", { $0.day == $0.monthLength })
            case 2, 3:
                // The last Monday-Friday of the month: a workday with no workday after it in the month.
                return ("LW", "?", { d in
                    isWorkday(d.weekday)
                        && !stride(from: d.day + 1, through: d.monthLength, by: 1).contains {
                            isWorkday(weekday(of: $0, in: d))
                        }
                })
            case 4, 5, 6:
                // The Monday-Friday of the month closest to day n; none when the month has no day n.
                let edges = [1, 2, 28, 29, 30, 31]
                let n = Bool.random(using: &rng) ? edges.randomElement(using: &rng)! : Int.random(in: 1...31, using: &rng)
                return ("\(n)W", "?", { d in
                    guard n <= d.monthLength, isWorkday(d.weekday) else { return false }
                    let closest = (1...d.monthLength).filter { isWorkday(weekday(of: $0, in: d)) }
                        .min { abs($0 - n) < abs($1 - n) }
                    return closest == d.day
                })
            default:
                let field = numericField(1...31, names: [], wraps: true, steps: true, using: &rng)
                return (field.text, "?", { field.matches($0.day) })
            }
        } else {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0:
                return ("?", "L", { $0.weekday == 7 })
            case 1, 2, 3:
                // The last such weekday: none of the same weekday a week later within the month.
                let wanted = Int.random(in: 1...7, using: &rng)
                let text = Bool.random(using: &rng) ? "\(wanted)L" : weekdayNames[wanted - 1] + "L"
                return ("?", text, { $0.weekday == wanted && $0.day + 7 > $0.monthLength })
            case 4, 5, 6:
                let (wanted, occurrence) = (Int.random(in: 1...7, using: &rng), Int.random(in: 1...5, using: &rng))
                let name = Bool.random(using: &rng) ? "\(wanted)" : weekdayNames[wanted - 1]
                return ("?", "\(name)#\(occurrence)", { $0.weekday == wanted && ($0.day - 1) / 7 + 1 == occurrence })
            default:
                let field = numericField(1...7, names: weekdayNames, wraps: true, steps: false, using: &rng)
                return ("?", field.text, { field.matches($0.weekday) })
            }
        }
    }
}
