import Foundation

/// `"2024-03-01T10:15"` or `"2024-03-01T10:15:30"`, read as UTC.
func utc(_ text: String) -> Date {
    let full = text.count == 16 ? text + ":00Z" : text + "Z"
    guard let date = try? Date(full, strategy: .iso8601) else {
        fatalError("bad test date \(text)")
    }
    return date
}

/// The same form as `utc(_:)` takes, for readable comparisons and failure messages.
func utcText(_ date: Date) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "??" }
    let text = "\(parts.year!)-\(two(parts.month))-\(two(parts.day))T\(two(parts.hour)):\(two(parts.minute))"
    return parts.second == 0 ? text : text + ":" + two(parts.second)
}
