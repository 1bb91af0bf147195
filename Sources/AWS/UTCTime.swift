import FoundationEssentials

/// A moment as UTC calendar fields, converted with the proleptic Gregorian calendar in plain
/// integer arithmetic (no time-zone database or ICU needed).
public struct UTCTime: Sendable, Equatable {
    /// The year, for example 2015.
    public var year: Int
    /// The month, 1 to 12.
    public var month: Int
    /// The day of the month, 1 to 31.
    public var day: Int
    /// The hour, 0 to 23.
    public var hour: Int
    /// The minute, 0 to 59.
    public var minute: Int
    /// The second, 0 to 59.
    public var second: Int

    /// Splits a date into UTC fields (fractions of a second are dropped).
    /// - Parameter date: The date.
    public init(_ date: Date) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        (year, month, day) = Self.civil(fromDays: days)
        hour = secondOfDay / 3600
        minute = secondOfDay % 3600 / 60
        second = secondOfDay % 60
    }

    /// Creates a time from fields, if they name a real moment (no February 30th, no hour 24).
    /// - Parameters:
    ///   - year: The year (0 to 9999).
    ///   - month: The month, 1 to 12.
    ///   - day: The day of the month.
    ///   - hour: The hour, 0 to 23.
    ///   - minute: The minute, 0 to 59.
    ///   - second: The second, 0 to 59 (leap seconds are not represented).
    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        guard (0...9999).contains(year), (1...12).contains(month), (0..<24).contains(hour),
              (0..<60).contains(minute), (0..<60).contains(second), day >= 1
        else { return nil }
        let (checkYear, checkMonth, _) = Self.civil(fromDays: Self.days(year: year, month: month, day: day))
        guard checkYear == year, checkMonth == month else { return nil }  // day past the month's end
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// The moment as a `Date`.
    public var date: Date {
        let days = Self.days(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second))
    }

    // Days since 1970-01-01 and back, after Howard Hinnant's `days_from_civil` / `civil_from_days`.
    private static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension UTCTime {
    /// Parses the ISO 8601 form S3 uses for `LastModified`: `2009-10-12T17:50:30.000Z`
    /// (fractional seconds optional and dropped; `Z` required).
    /// - Parameter string: The timestamp.
    /// - Returns: The time, or `nil` if the string is not in that form or names no real moment.
    public init?(iso8601 string: String) {
        let bytes = Array(string.utf8)
        guard bytes.count >= 20, bytes.last == UInt8(ascii: "Z"),
              bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let year = Self.number(bytes[0..<4]), let month = Self.number(bytes[5..<7]),
              let day = Self.number(bytes[8..<10]), let hour = Self.number(bytes[11..<13]),
              let minute = Self.number(bytes[14..<16]), let second = Self.number(bytes[17..<19])
        else { return nil }
        let fraction = bytes[19..<(bytes.count - 1)]
        if !fraction.isEmpty {
            guard fraction.first == UInt8(ascii: "."), fraction.count > 1,
                  Self.number(fraction.dropFirst()) != nil else { return nil }
        }
        self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// Parses the compact `YYYYMMDDHHMMSS` form (14 digits, UTC).
    /// - Parameter string: Exactly 14 ASCII digits.
    /// - Returns: The time, or `nil` if the string is not 14 digits or names no real moment.
    public init?(compact string: some StringProtocol) {
        let bytes = Array(string.utf8)
        guard bytes.count == 14,
              let year = Self.number(bytes[0..<4]), let month = Self.number(bytes[4..<6]),
              let day = Self.number(bytes[6..<8]), let hour = Self.number(bytes[8..<10]),
              let minute = Self.number(bytes[10..<12]), let second = Self.number(bytes[12..<14])
        else { return nil }
        self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// A non-negative decimal number of ASCII digits only (no sign, no spaces).
    private static func number(_ digits: some Collection<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        var value = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return value
    }
}
