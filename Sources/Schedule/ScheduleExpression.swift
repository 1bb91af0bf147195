#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An EventBridge schedule expression, `rate(value unit)` or
/// `cron(Minutes Hours Day-of-month Month Day-of-week Year)`, evaluated in UTC with minute precision.
///
/// Cron fire times are the minutes the expression matches. Rate fire times count from a start instant,
/// as EventBridge counts from the rule's creation: the start is truncated to its minute and the schedule
/// fires one interval later, then every interval. Pass that start as `rateStart`; by default it is the
/// `after` instant, so a fresh `rate(5 minutes)` first fires five minutes from then.
public struct ScheduleExpression: Hashable, Sendable, CustomStringConvertible {
    enum Kind: Hashable, Sendable {
        case rate(minutes: Int)
        case cron(CronSchedule)
    }

    let kind: Kind

    /// The expression text as it was parsed.
    public let description: String

    /// Parses an EventBridge schedule expression.
    ///
    /// - Parameter text: `rate(value unit)` or `cron(fields)`, as in a rule's `ScheduleExpression`.
    /// - Throws: ``ScheduleExpressionError`` naming the field at fault and why.
    public init(parsing text: String) throws(ScheduleExpressionError) {
        do throws(ScheduleExpressionError.Code) {
            if text.hasPrefix("rate("), text.hasSuffix(")") {
                kind = .rate(minutes: try Self.rateMinutes(text.dropFirst(5).dropLast()))
            } else if text.hasPrefix("cron("), text.hasSuffix(")") {
                kind = .cron(try CronParser.parse(text.dropFirst(5).dropLast()))
            } else {
                throw ScheduleExpressionError.Code.unrecognizedForm
            }
        } catch {
            throw ScheduleExpressionError(error, expression: text)
        }
        description = text
    }

    /// The first fire time strictly after an instant.
    ///
    /// - Parameters:
    ///   - instant: The instant to search after; a fire time equal to it is not returned.
    ///   - rateStart: For a rate expression, when the schedule started counting (the rule's creation);
    ///     `nil` means `instant`. Ignored for cron expressions.
    /// - Returns: The fire time, always a whole minute, or `nil` when a cron expression has no fire time
    ///   left (its years have passed, or it names a day that never comes such as 30 February).
    public func nextFireTime(after instant: Date, rateStart: Date? = nil) -> Date? {
        guard let after = Self.minute(containing: instant) else { return nil }
        switch kind {
        case .cron(let schedule):
            return schedule.firstMinute(atOrAfter: after + 1).map(Self.date(ofMinute:))
        case .rate(let interval):
            guard let anchor = Self.minute(containing: rateStart ?? instant) else { return nil }
            let periods = max(1, UTCCalendar.floorDiv(after - anchor, interval) + 1)
            return Self.date(ofMinute: anchor + periods * interval)
        }
    }

    /// The next fire times strictly after an instant, in order.
    ///
    /// - Parameters:
    ///   - instant: The instant to search after.
    ///   - count: How many fire times to return at most.
    ///   - rateStart: As for ``nextFireTime(after:rateStart:)``.
    /// - Returns: Up to `count` fire times; fewer when a cron expression runs out of them.
    public func fireTimes(after instant: Date, count: Int, rateStart: Date? = nil) -> [Date] {
        var times: [Date] = []
        var last = instant
        let start = rateStart ?? instant
        while times.count < count, let next = nextFireTime(after: last, rateStart: start) {
            times.append(next)
            last = next
        }
        return times
    }

    // MARK: Rate

    private static let rateUnits = ["minute": 1, "hour": 60, "day": UTCCalendar.minutesPerDay]

    private static func rateMinutes(_ body: Substring) throws(ScheduleExpressionError.Code) -> Int {
        let tokens = body.split(whereSeparator: \.isWhitespace)
        guard tokens.count == 2 else {
            throw .invalidRate(reason: "expected a value and a unit, e.g. 'rate(5 minutes)'")
        }
        let (valueText, unit) = (tokens[0], String(tokens[1]))
        guard !valueText.isEmpty, valueText.allSatisfy(\.isASCIIDigit) else {
            throw .invalidRate(reason: "value '\(valueText)' is not a positive integer")
        }
        let singular = unit.hasSuffix("s") ? String(unit.dropLast()) : unit
        guard let unitMinutes = rateUnits[singular] else {
            throw .invalidRate(reason: "unit '\(unit)' is not one of minute, minutes, hour, hours, day, days")
        }
        // Bounded so that fire-time arithmetic cannot overflow; about 4,000 years.
        guard let value = Int(valueText), value <= Int(Int32.max) / unitMinutes else {
            throw .invalidRate(reason: "value \(valueText) is too large")
        }
        guard value > 0 else {
            throw .invalidRate(reason: "value \(valueText) is not a positive integer")
        }
        if value == 1, unit != singular {
            throw .invalidRate(reason: "unit must be singular ('\(singular)') when the value is 1")
        }
        if value > 1, unit == singular {
            throw .invalidRate(reason: "unit must be plural ('\(singular)s') when the value is greater than 1")
        }
        return value * unitMinutes
    }

    // MARK: Minutes since the epoch

    /// Instants this far out are treated as having no minute (no fire time is that late anyway).
    private static let limit = 1e15

    private static func minute(containing instant: Date) -> Int? {
        let seconds = instant.timeIntervalSince1970
        guard seconds.isFinite, abs(seconds) < limit else { return nil }
        return Int((seconds / 60).rounded(.down))
    }

    private static func date(ofMinute minute: Int) -> Date {
        Date(timeIntervalSince1970: Double(minute) * 60)
    }
}
