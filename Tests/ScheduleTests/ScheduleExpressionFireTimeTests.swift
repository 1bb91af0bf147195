import Foundation
import ScheduleExpressions
import Testing

/// Expected fire times worked out by hand from a calendar (weekdays noted where they matter).
@Suite("Fire times")
struct ScheduleExpressionFireTimeTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let expression: String
        let after: String
        let expected: [String]
        var testDescription: String { "\(expression) after \(after)" }

        init(_ expression: String, after: String, _ expected: [String]) {
            self.expression = expression
            self.after = after
            self.expected = expected
        }
    }

    static let wildcards: [Case] = [
        // Strictly after: a fire time equal to the instant is not returned.
        Case("cron(15 10 * * ? *)", after: "2024-03-01T10:15", ["2024-03-02T10:15", "2024-03-03T10:15"]),
        Case("cron(15 10 * * ? *)", after: "2024-03-01T10:14:59", ["2024-03-01T10:15"]),
        Case("cron(* * * * ? *)", after: "2024-03-01T10:00:30", ["2024-03-01T10:01", "2024-03-01T10:02"]),
        Case("cron(* * ? * * *)", after: "2024-12-31T23:59", ["2025-01-01T00:00", "2025-01-01T00:01"]),
        // Increments: start/step, */step, range/step.
        Case(
            "cron(0/15 * * * ? *)", after: "2024-03-01T10:07",
            ["2024-03-01T10:15", "2024-03-01T10:30", "2024-03-01T10:45", "2024-03-01T11:00"]
        ),
        Case("cron(5/10 * * * ? *)", after: "2024-03-01T10:56", ["2024-03-01T11:05", "2024-03-01T11:15"]),
        Case("cron(*/20 * * * ? *)", after: "2024-12-31T23:50", ["2025-01-01T00:00", "2025-01-01T00:20"]),
        Case(
            "cron(0 11-23/4 * * ? *)", after: "2024-03-01T00:00",
            ["2024-03-01T11:00", "2024-03-01T15:00", "2024-03-01T19:00", "2024-03-01T23:00", "2024-03-02T11:00"]
        ),
        Case(
            "cron(0 0 1/10 * ? *)", after: "2024-03-01T00:00",
            ["2024-03-11T00:00", "2024-03-21T00:00", "2024-03-31T00:00", "2024-04-01T00:00"]
        ),
        Case(
            "cron(0 0 1 1/3 ? *)", after: "2024-01-01T00:00",
            ["2024-04-01T00:00", "2024-07-01T00:00", "2024-10-01T00:00", "2025-01-01T00:00"]
        ),
        // Lists, leading zeros, extra spaces between fields.
        Case("cron(5,35 14 * * ? *)", after: "2024-03-01T14:05", ["2024-03-01T14:35", "2024-03-02T14:05"]),
        Case("cron(05  07 * * ?  *)", after: "2024-03-01T00:00", ["2024-03-01T07:05"]),
        // Wrap-around ranges.
        Case(
            "cron(0 22-2 * * ? *)", after: "2024-03-01T21:00",
            ["2024-03-01T22:00", "2024-03-01T23:00", "2024-03-02T00:00", "2024-03-02T01:00", "2024-03-02T02:00",
             "2024-03-02T22:00"]
        ),
        Case("cron(58-1 10 * * ? *)", after: "2024-03-01T10:30", ["2024-03-01T10:58", "2024-03-01T10:59", "2024-03-02T10:00"]),
        Case(
            "cron(0 0 28-2 * ? *)", after: "2023-02-27T00:00",
            ["2023-02-28T00:00", "2023-03-01T00:00", "2023-03-02T00:00", "2023-03-28T00:00"]
        ),
        Case(
            "cron(0 0 1 NOV-FEB ? *)", after: "2024-02-15T00:00",
            ["2024-11-01T00:00", "2024-12-01T00:00", "2025-01-01T00:00", "2025-02-01T00:00", "2025-11-01T00:00"]
        ),
        // Each minute is matched against its own date: 2024-03-01 is a Friday, so the 00:00-02:30 part of the
        // range belongs to Saturday and does not fire; Monday's early hours do.
        Case(
            "cron(0/30 20-2 ? * MON-FRI *)", after: "2024-03-01T22:45",
            ["2024-03-01T23:00", "2024-03-01T23:30", "2024-03-04T00:00", "2024-03-04T00:30"]
        ),
    ]

    static let weekdays: [Case] = [
        // 2024-03-01 is a Friday, 2024-03-03 a Sunday, 2024-03-04 a Monday.
        Case("cron(0 18 ? * MON-FRI *)", after: "2024-03-01T18:00", ["2024-03-04T18:00", "2024-03-05T18:00"]),
        Case("cron(0 9 ? * 1 *)", after: "2024-03-01T00:00", ["2024-03-03T09:00", "2024-03-10T09:00"]),
        Case("cron(0 9 ? * sun *)", after: "2024-03-01T00:00", ["2024-03-03T09:00"]),
        Case(
            "cron(0 12 ? * FRI-MON *)", after: "2024-03-01T00:00",
            ["2024-03-01T12:00", "2024-03-02T12:00", "2024-03-03T12:00", "2024-03-04T12:00", "2024-03-08T12:00"]
        ),
        Case("cron(0 12 ? * mon,Wed *)", after: "2024-03-01T00:00", ["2024-03-04T12:00", "2024-03-06T12:00"]),
        Case("cron(0 12 ? * 7,1 *)", after: "2024-03-01T00:00", ["2024-03-02T12:00", "2024-03-03T12:00"]),
        // `L` alone in Day-of-week is Saturday, every week.
        Case("cron(0 12 ? * L *)", after: "2024-03-01T00:00", ["2024-03-02T12:00", "2024-03-09T12:00"]),
    ]

    static let monthEndsAndLeapYears: [Case] = [
        // 31 only in months that have it.
        Case(
            "cron(0 0 31 * ? *)", after: "2024-01-31T00:00",
            ["2024-03-31T00:00", "2024-05-31T00:00", "2024-07-31T00:00", "2024-08-31T00:00"]
        ),
        // 29 February: leap years only; 2100 is not one.
        Case("cron(0 12 29 2 ? *)", after: "2023-01-01T00:00", ["2024-02-29T12:00", "2028-02-29T12:00"]),
        Case("cron(0 12 29 FEB ? *)", after: "2096-03-01T00:00", ["2104-02-29T12:00"]),
        Case("cron(0 12 29 2 ? 2000)", after: "1999-01-01T00:00", ["2000-02-29T12:00"]),
        // A day that never comes.
        Case("cron(0 0 30 2 ? *)", after: "2024-01-01T00:00", []),
        Case("cron(0 0 31 4,6,9,11 ? *)", after: "2024-01-01T00:00", []),
        // L: the last day, whatever the month's length.
        Case(
            "cron(0 0 L * ? *)", after: "2024-01-31T00:00",
            ["2024-02-29T00:00", "2024-03-31T00:00", "2024-04-30T00:00"]
        ),
        Case("cron(0 0 L 2 ? *)", after: "2023-01-01T00:00", ["2023-02-28T00:00", "2024-02-29T00:00", "2025-02-28T00:00"]),
        Case("cron(0 0 l 2 ? 2100)", after: "2024-01-01T00:00", ["2100-02-28T00:00"]),
    ]

    static let nearestWeekday: [Case] = [
        // 2024-03-15 Friday stays; 2024-06-15 Saturday -> Friday 14th; 2024-09-15 Sunday -> Monday 16th.
        Case("cron(0 9 15W * ? 2024)", after: "2024-03-01T00:00", ["2024-03-15T09:00", "2024-04-15T09:00", "2024-05-15T09:00", "2024-06-14T09:00"]),
        Case("cron(0 9 15W 9 ? 2024)", after: "2024-01-01T00:00", ["2024-09-16T09:00"]),
        // 1W on a Saturday (2024-06-01) does not go back into May: Monday the 3rd.
        Case("cron(0 9 1W 6 ? 2024)", after: "2024-01-01T00:00", ["2024-06-03T09:00"]),
        // 1W on a Sunday (2024-09-01): Monday the 2nd.
        Case("cron(0 9 1w 9 ? 2024)", after: "2024-01-01T00:00", ["2024-09-02T09:00"]),
        // 31W: no 31st in April, June, September, November, so no fire then; 2024-03-31 is a Sunday and the
        // last day, so Friday the 29th; 2024-05-31 Friday; 2024-07-31 Wednesday; 2024-08-31 Saturday -> 30th.
        Case(
            "cron(0 0 31W * ? 2024)", after: "2024-03-01T00:00",
            ["2024-03-29T00:00", "2024-05-31T00:00", "2024-07-31T00:00", "2024-08-30T00:00", "2024-10-31T00:00",
             "2024-12-31T00:00"]
        ),
        // 30W in June 2024: the 30th is a Sunday and the last day -> Friday 28th.
        Case("cron(0 0 30W 6 ? 2024)", after: "2024-01-01T00:00", ["2024-06-28T00:00"]),
        // LW: the last Monday-Friday. 2024-02-29 Thursday; 2024-03-31 Sunday -> 29th; 2024-04-30 Tuesday;
        // 2024-08-31 Saturday -> 30th; 2024-11-30 Saturday -> 29th.
        Case(
            "cron(0 21 LW * ? 2024)", after: "2024-02-01T00:00",
            ["2024-02-29T21:00", "2024-03-29T21:00", "2024-04-30T21:00"]
        ),
        Case("cron(0 21 LW 8,11 ? 2024)", after: "2024-01-01T00:00", ["2024-08-30T21:00", "2024-11-29T21:00"]),
    ]

    static let nthAndLastWeekday: [Case] = [
        // 3#2, second Tuesday: March 2024 Tuesdays are 5, 12, …; April 2024: 2, 9.
        Case("cron(0 9 ? * 3#2 *)", after: "2024-03-01T00:00", ["2024-03-12T09:00", "2024-04-09T09:00"]),
        // 2#1, first Monday: 2024-04-01 is a Monday.
        Case("cron(0 9 ? * MON#1 *)", after: "2024-03-05T00:00", ["2024-04-01T09:00", "2024-05-06T09:00"]),
        // 5#5, fifth Thursday: January 2024 has four (4-25), February 2024 five (1-29), March and April four,
        // May five (2-30).
        Case("cron(0 9 ? * 5#5 *)", after: "2024-01-01T00:00", ["2024-02-29T09:00", "2024-05-30T09:00"]),
        // 6L, last Friday: 2024-02-23, 2024-03-29.
        Case("cron(15 10 ? * 6L *)", after: "2024-02-01T00:00", ["2024-02-23T10:15", "2024-03-29T10:15"]),
        Case("cron(15 10 ? * FRIL *)", after: "2024-02-01T00:00", ["2024-02-23T10:15"]),
        // 1L, last Sunday: 2024-03-31 is a Sunday and the last day.
        Case("cron(0 1 ? * 1L *)", after: "2024-03-01T00:00", ["2024-03-31T01:00"]),
    ]

    static let yearBounds: [Case] = [
        Case("cron(0 0 1 1 ? 1970)", after: "1960-06-01T00:00", ["1970-01-01T00:00"]),
        Case("cron(0 0 1 1 ? 2199)", after: "2198-06-01T00:00", ["2199-01-01T00:00"]),
        Case("cron(0 0 1 1 ? 2199)", after: "2199-01-01T00:00", []),
        Case("cron(59 23 31 12 ? *)", after: "2199-12-31T23:58", ["2199-12-31T23:59"]),
        Case("cron(* * * * ? *)", after: "2199-12-31T23:59", []),
        Case("cron(* * * * ? *)", after: "2300-01-01T00:00", []),
        // The documentation's example: 2022-12-30 is the last Friday of 2022.
        Case("cron(15 10 ? * 6L 2019-2022)", after: "2022-12-01T00:00", ["2022-12-30T10:15"]),
        Case("cron(15 10 ? * 6L 2019-2022)", after: "2022-12-30T10:15", []),
        Case(
            "cron(0 0 1 1 ? 2020/4)", after: "2019-01-01T00:00",
            ["2020-01-01T00:00", "2024-01-01T00:00", "2028-01-01T00:00"]
        ),
        Case("cron(0 0 1 1 ? 2025,2021)", after: "2019-01-01T00:00", ["2021-01-01T00:00", "2025-01-01T00:00"]),
    ]

    @Test(arguments: wildcards + weekdays + monthEndsAndLeapYears)
    func cronFireTimes(_ testCase: Case) throws {
        try check(testCase)
    }

    @Test(arguments: nearestWeekday + nthAndLastWeekday + yearBounds)
    func specialCharacterAndYearFireTimes(_ testCase: Case) throws {
        try check(testCase)
    }

    private func check(_ testCase: Case) throws {
        let expression = try ScheduleExpression(parsing: testCase.expression)
        let times = expression.fireTimes(after: utc(testCase.after), count: testCase.expected.count + 1)
        let expected = testCase.expected
        // One more is asked for than listed; an empty list means no fire time at all.
        #expect(times.prefix(expected.count).map(utcText) == expected)
        if expected.isEmpty {
            #expect(expression.nextFireTime(after: utc(testCase.after)) == nil)
        }
    }

    @Test func nextFireTimeIsStrictlyAfterEvenWithinTheSameSecond() throws {
        let expression = try ScheduleExpression(parsing: "cron(0 10 * * ? *)")
        let justBefore = utc("2024-03-01T10:00").addingTimeInterval(-0.001)
        #expect(expression.nextFireTime(after: justBefore) == utc("2024-03-01T10:00"))
        let justAfter = utc("2024-03-01T10:00").addingTimeInterval(0.001)
        #expect(expression.nextFireTime(after: justAfter) == utc("2024-03-02T10:00"))
    }

    @Test func fireTimesStopAtCount() throws {
        let expression = try ScheduleExpression(parsing: "cron(* * * * ? *)")
        #expect(expression.fireTimes(after: utc("2024-03-01T10:00"), count: 0).isEmpty)
        #expect(expression.fireTimes(after: utc("2024-03-01T10:00"), count: 3).count == 3)
    }

    // MARK: Rate

    @Test func rateCountsFromTheStartTruncatedToTheMinute() throws {
        let expression = try ScheduleExpression(parsing: "rate(5 minutes)")
        let start = utc("2024-03-01T10:00:20")
        #expect(
            expression.fireTimes(after: start, count: 3, rateStart: start).map(utcText)
                == ["2024-03-01T10:05", "2024-03-01T10:10", "2024-03-01T10:15"]
        )
        // Later instants keep the start's phase.
        #expect(expression.nextFireTime(after: utc("2024-03-01T10:07"), rateStart: start) == utc("2024-03-01T10:10"))
        #expect(expression.nextFireTime(after: utc("2024-03-01T10:10"), rateStart: start) == utc("2024-03-01T10:15"))
        // An instant before the start still gives the first fire time.
        #expect(expression.nextFireTime(after: utc("2024-03-01T09:00"), rateStart: start) == utc("2024-03-01T10:05"))
    }

    @Test func rateWithoutAStartCountsFromTheInstant() throws {
        let expression = try ScheduleExpression(parsing: "rate(1 minute)")
        #expect(
            expression.fireTimes(after: utc("2024-03-01T10:00:30"), count: 2).map(utcText)
                == ["2024-03-01T10:01", "2024-03-01T10:02"]
        )
    }

    @Test func rateUnits() throws {
        let start = utc("2024-02-28T12:34:56")
        let hourly = try ScheduleExpression(parsing: "rate(1 hour)")
        #expect(hourly.nextFireTime(after: start) == utc("2024-02-28T13:34"))
        let everyTwoDays = try ScheduleExpression(parsing: "rate(2 days)")
        // Across 29 February 2024.
        #expect(everyTwoDays.fireTimes(after: start, count: 2).map(utcText) == ["2024-03-01T12:34", "2024-03-03T12:34"])
        let daily = try ScheduleExpression(parsing: "rate(1 day)")
        #expect(daily.nextFireTime(after: start) == utc("2024-02-29T12:34"))
        let everyThreeHours = try ScheduleExpression(parsing: "rate(3 hours)")
        #expect(everyThreeHours.nextFireTime(after: start) == utc("2024-02-28T15:34"))
    }

    @Test func descriptionIsTheParsedText() throws {
        #expect(try ScheduleExpression(parsing: "cron(0 18 ? * MON-FRI *)").description == "cron(0 18 ? * MON-FRI *)")
        #expect(try ScheduleExpression(parsing: "rate(1 hour)").description == "rate(1 hour)")
    }
}
