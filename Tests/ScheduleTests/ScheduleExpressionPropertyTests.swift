import Foundation
import ScheduleExpressions
import TestSupport
import Testing

/// Random valid expressions checked against a brute-force scan with an independent oracle.
///
/// The seed is fixed so that a failure reproduces; set `SCHEDULE_PROPERTY_SEED` to try others.
@Suite("Random expressions against a brute-force scan")
struct ScheduleExpressionPropertyTests {
    static let seed: UInt64 = ProcessInfo.processInfo.environment["SCHEDULE_PROPERTY_SEED"].flatMap { UInt64($0) }
        ?? 20_240_229

    let calendar = RandomCronExpression.utcCalendar
    static let day: TimeInterval = 86_400

    /// A random instant between 1971 and 2198, with a random number of seconds and milliseconds.
    private func randomInstant(using rng: inout SplitMix64) -> Date {
        let first = utc("1971-01-01T00:00").timeIntervalSince1970
        let last = utc("2198-12-31T00:00").timeIntervalSince1970
        let seconds = Double.random(in: first...last, using: &rng)
        return Date(timeIntervalSince1970: (seconds * 1000).rounded() / 1000)
    }

    /// Every minute of a two-day window: the minutes the oracle accepts are exactly the fire times.
    @Test func minuteScanOfShortWindows() throws {
        var rng = SplitMix64(seed: Self.seed &+ 1)
        var windowsWithFires = 0
        for index in 0..<150 {
            let start = randomInstant(using: &rng)
            let year = calendar.component(.year, from: start)
            let random = RandomCronExpression.random(near: year...year, using: &rng)
            let expression = try ScheduleExpression(parsing: random.text)
            let context = "\(random.text), case \(index), seed \(Self.seed)"

            // Half the windows end just after a fire time the library finds, so sparse expressions are exercised
            // too; the scan below would still catch a fire time the library skipped before it.
            var windowStart = start
            if Bool.random(using: &rng), let fire = expression.nextFireTime(after: start) {
                windowStart = max(start, fire - Double.random(in: 60...(2 * Self.day), using: &rng))
            }
            let windowEnd = windowStart + 2 * Self.day

            var fires: [Date] = []
            var last = windowStart
            while let next = expression.nextFireTime(after: last), next <= windowEnd {
                fires.append(next)
                last = next
            }
            #expect(expression.fireTimes(after: windowStart, count: fires.count) == fires, "\(context)")

            var expected: [Date] = []
            var minute = ((windowStart.timeIntervalSince1970 / 60).rounded(.down) + 1) * 60
            var dayCache: (start: TimeInterval, matches: Bool) = (-.infinity, false)
            while minute <= windowEnd.timeIntervalSince1970 {
                let dayStart = (minute / Self.day).rounded(.down) * Self.day
                if dayCache.start != dayStart {
                    let facts = RandomCronExpression.day(of: Date(timeIntervalSince1970: dayStart), calendar)
                    dayCache = (dayStart, random.matchesDay(facts))
                }
                let minuteOfDay = Int(minute - dayStart) / 60
                if dayCache.matches, random.matchesTime(minuteOfDay / 60, minuteOfDay % 60) {
                    expected.append(Date(timeIntervalSince1970: minute))
                }
                minute += 60
            }

            if let wrong = fires.first(where: { !random.matches($0, calendar: calendar) }) {
                Issue.record("fire time \(utcText(wrong)) does not match \(context)")
            }
            if let skipped = expected.first(where: { !fires.contains($0) }) {
                Issue.record("matching minute \(utcText(skipped)) skipped after \(utcText(windowStart)) by \(context)")
            }
            #expect(fires == expected, "\(context) after \(utcText(windowStart))")
            if !fires.isEmpty { windowsWithFires += 1 }
        }
        // Guards the generator: most windows must contain fire times for the scan to say anything.
        #expect(windowsWithFires > 75)
    }

    /// Day by day over about two years, so that month ends, leap days, `L`, `W` and `#` come up many times.
    @Test func dayScanOfLongWindows() throws {
        var rng = SplitMix64(seed: Self.seed &+ 2)
        let limit = 200
        var compared = 0
        for index in 0..<150 {
            let start = randomInstant(using: &rng)
            let year = calendar.component(.year, from: start)
            let random = RandomCronExpression.random(near: year...(year + 2), using: &rng)
            let expression = try ScheduleExpression(parsing: random.text)
            let windowEnd = start + 800 * Self.day

            let timesOfDay = (0..<1440).filter { random.matchesTime($0 / 60, $0 % 60) }.map { TimeInterval($0 * 60) }
            var expected: [Date] = []
            var dayStart = (start.timeIntervalSince1970 / Self.day).rounded(.down) * Self.day
            scan: while dayStart <= windowEnd.timeIntervalSince1970 {
                if random.matchesDay(RandomCronExpression.day(of: Date(timeIntervalSince1970: dayStart), calendar)) {
                    for offset in timesOfDay {
                        let time = Date(timeIntervalSince1970: dayStart + offset)
                        guard time > start, time <= windowEnd else { continue }
                        expected.append(time)
                        if expected.count == limit { break scan }
                    }
                }
                dayStart += Self.day
            }

            let fires = expression.fireTimes(after: start, count: limit).filter { $0 <= windowEnd }
            #expect(
                fires.map(utcText) == expected.map(utcText),
                "\(random.text) after \(utcText(start)), case \(index), seed \(Self.seed)"
            )
            compared += expected.count
        }
        #expect(compared > 10_000)
    }

    /// Rate schedules: one fire time per interval after the start, none skipped, none early.
    @Test func rateFireTimesKeepTheirPhase() throws {
        var rng = SplitMix64(seed: Self.seed &+ 3)
        let units = [("minute", 60.0), ("hour", 3600.0), ("day", Self.day)]
        for _ in 0..<300 {
            let (unit, seconds) = units.randomElement(using: &rng)!
            let value = Int.random(in: 1...90, using: &rng)
            let text = "rate(\(value) \(unit)\(value == 1 ? "" : "s"))"
            let expression = try ScheduleExpression(parsing: text)
            let interval = Double(value) * seconds
            let rateStart = randomInstant(using: &rng)
            let after = rateStart + Double.random(in: -interval...(20 * interval), using: &rng)
            let anchor = (rateStart.timeIntervalSince1970 / 60).rounded(.down) * 60

            let fires = expression.fireTimes(after: after, count: 5, rateStart: rateStart)
            #expect(fires.count == 5)
            for (index, fire) in fires.enumerated() {
                let sinceAnchor = fire.timeIntervalSince1970 - anchor
                #expect(sinceAnchor > 0 && sinceAnchor.truncatingRemainder(dividingBy: interval) == 0, "\(text)")
                #expect(fire > after, "\(text)")
                if index > 0 { #expect(fire.timeIntervalSince(fires[index - 1]) == interval, "\(text)") }
            }
            // The fire time before the first one is either not after `after` or not after the start.
            if let first = fires.first {
                let previous = first - interval
                #expect(previous <= after || previous.timeIntervalSince1970 <= anchor, "\(text)")
            }
        }
    }
}
