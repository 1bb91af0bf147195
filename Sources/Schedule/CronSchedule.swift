/// The parsed form of a `cron(…)` expression: the allowed values of each field.
struct CronSchedule: Hashable, Sendable {
    /// Which days of a month match, from whichever of Day-of-month and Day-of-week is not `?`.
    enum DaySelector: Hashable, Sendable {
        /// Plain days of the month; bit `n` set means day `n` (days a month lacks never match).
        case daysOfMonth(UInt32)
        /// `L` in Day-of-month.
        case lastDayOfMonth
        /// `LW` in Day-of-month.
        case lastWeekdayOfMonth
        /// `nW` in Day-of-month: the Monday–Friday closest to day `n`, never leaving the month.
        case nearestWeekday(to: Int)
        /// Plain days of the week; bit `n` set means weekday `n` (1 = Sunday … 7 = Saturday).
        case daysOfWeek(UInt8)
        /// `nL` in Day-of-week: the last such weekday of the month.
        case lastOfWeekday(Int)
        /// `n#k` in Day-of-week: the `k`-th such weekday of the month.
        case nthWeekday(Int, occurrence: Int)
    }

    /// Sorted allowed values of each field.
    var minutes: [Int]
    var hours: [Int]
    var days: DaySelector
    var months: [Int]
    var years: [Int]

    /// The first minute (since the epoch) at or after `start` that the schedule matches, or `nil` when
    /// none is left before the end of the year range.
    func firstMinute(atOrAfter start: Int) -> Int? {
        let startDay = UTCCalendar.floorDiv(start, UTCCalendar.minutesPerDay)
        let minuteOfDay = start - startDay * UTCCalendar.minutesPerDay
        let (startYear, startMonth, startDayOfMonth) = UTCCalendar.date(ofDay: startDay)
        let startHour = minuteOfDay / 60
        let startMinute = minuteOfDay % 60

        for year in years where year >= startYear {
            for month in months where year > startYear || month >= startMonth {
                let isStartMonth = year == startYear && month == startMonth
                for day in days(inYear: year, month: month) where !isStartMonth || day >= startDayOfMonth {
                    let isStartDay = isStartMonth && day == startDayOfMonth
                    for hour in hours where !isStartDay || hour >= startHour {
                        let isStartHour = isStartDay && hour == startHour
                        if let minute = minutes.first(where: { !isStartHour || $0 >= startMinute }) {
                            let dayNumber = UTCCalendar.day(year: year, month: month, day: day)
                            return dayNumber * UTCCalendar.minutesPerDay + hour * 60 + minute
                        }
                    }
                }
            }
        }
        return nil
    }

    /// The days of `month` in `year` that match, in ascending order.
    func days(inYear year: Int, month: Int) -> [Int] {
        let length = UTCCalendar.daysInMonth(year: year, month: month)
        let firstDay = UTCCalendar.day(year: year, month: month, day: 1)
        func weekday(_ day: Int) -> Int { UTCCalendar.weekday(ofDay: firstDay + day - 1) }

        switch days {
        case .daysOfMonth(let mask):
            return (1...length).filter { mask & (1 << $0) != 0 }
        case .lastDayOfMonth:
            return [length]
        case .lastWeekdayOfMonth:
            switch weekday(length) {
            case 7: return [length - 1]
            case 1: return [length - 2]
            default: return [length]
            }
        case .nearestWeekday(let target):
            // Like plain day-of-month values, a day the month lacks (31W in April) does not match.
            guard target <= length else { return [] }
            switch weekday(target) {
            case 7: return [target == 1 ? 3 : target - 1]
            case 1: return [target == length ? target - 2 : target + 1]
            default: return [target]
            }
        case .daysOfWeek(let mask):
            return (1...length).filter { mask & (1 << weekday($0)) != 0 }
        case .lastOfWeekday(let wanted):
            return [length - UTCCalendar.floorMod(weekday(length) - wanted, 7)]
        case .nthWeekday(let wanted, let occurrence):
            let first = 1 + UTCCalendar.floorMod(wanted - weekday(1), 7)
            let day = first + 7 * (occurrence - 1)
            return day <= length ? [day] : []
        }
    }
}
