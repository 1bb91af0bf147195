// Measures ScheduleExpression parsing and next-fire-time computation against Foundation's
// `Calendar.nextDate(after:matching:matchingPolicy:)` for the schedules Calendar can express.
// Run: swift run -c release ScheduleBenchmark   (pin with `taskset -c 0` when comparing runs)
import Foundation
import ScheduleExpressions

@inline(never) func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }

/// Best of five rounds, in nanoseconds per call.
func measure(iterations: Int, _ body: () -> Void) -> Double {
    var best = Double.infinity
    for _ in 0..<5 {
        let start = ContinuousClock.now
        for _ in 0..<iterations { body() }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        best = min(best, seconds * 1e9 / Double(iterations))
    }
    return best
}

func format(_ nanoseconds: Double) -> String {
    nanoseconds >= 1_000_000 ? String(format: "%9.2f ms", nanoseconds / 1e6)
        : nanoseconds >= 1_000 ? String(format: "%9.2f µs", nanoseconds / 1e3)
        : String(format: "%9.0f ns", nanoseconds)
}

var utc = Calendar(identifier: .gregorian)
utc.timeZone = TimeZone(identifier: "UTC")!
let after = Date(timeIntervalSince1970: 1_709_287_230) // 2024-03-01T10:00:30Z

// Baseline: Foundation's calendar search for "10:15 every day" and "the 31st at 00:00".
let baselines: [(String, DateComponents)] = [
    ("cron(15 10 * * ? *)", DateComponents(hour: 10, minute: 15)),
    ("cron(0 0 31 * ? *)", DateComponents(day: 31, hour: 0, minute: 0)),
]
print("next fire time, ScheduleExpression vs Foundation Calendar.nextDate (same schedule):")
for (text, components) in baselines {
    let expression = try ScheduleExpression(parsing: text)
    let ours = measure(iterations: 20_000) { blackHole(expression.nextFireTime(after: after)) }
    let calendar = measure(iterations: 2_000) {
        blackHole(utc.nextDate(after: after, matching: components, matchingPolicy: .strict))
    }
    print("  \(text.padding(toLength: 30, withPad: " ", startingAt: 0)) \(format(ours))   Calendar \(format(calendar))   ratio \(String(format: "%.1f", calendar / ours))x")
}

print("next fire time, other shapes:")
let shapes = [
    "rate(5 minutes)", "cron(* * * * ? *)", "cron(0/15 * ? * MON-FRI *)", "cron(0 9 ? * 5#5 *)", "cron(0 21 LW * ? *)",
    "cron(0 12 29 2 ? *)",
    // Worst case: no fire time at all, so every month to 2199 is examined.
    "cron(0 0 30 2 ? *)",
]
for text in shapes {
    let expression = try ScheduleExpression(parsing: text)
    let perCall = measure(iterations: text.contains("30 2") ? 200 : 20_000) { blackHole(expression.nextFireTime(after: after)) }
    print("  \(text.padding(toLength: 30, withPad: " ", startingAt: 0)) \(format(perCall))")
}

print("parse:")
for text in ["rate(5 minutes)", "cron(0/5 8-17 ? * MON-FRI *)", "cron(15 10 ? * 6L 2019-2022)"] {
    let perCall = measure(iterations: 20_000) { blackHole(try? ScheduleExpression(parsing: text)) }
    print("  \(text.padding(toLength: 30, withPad: " ", startingAt: 0)) \(format(perCall))")
}
