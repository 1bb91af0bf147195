import ArgumentParser
import Foundation
import LambdaEmulator
import ScheduleExpressions

/// Lists the template's schedule rules with their next fire times.
struct SchedulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedules",
        abstract: "List the template's schedule rules (AWS::Events::Rule) with their next fire times in UTC.",
        discussion: """
            Rate schedules count from --now (default: the current time), as EventBridge counts from a rule's \
            creation and `lambda-local start` from its start.
            """)

    @OptionGroup var stack: StackOptions

    @Option(help: "How many fire times to list per rule.")
    var count = 5

    @Option(help: ArgumentHelp("List fire times after this instant instead of now (ISO 8601, e.g. 2024-03-01T10:00:00Z).", valueName: "time"))
    var now: String?

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1, got \(count)") }
    }

    func run() async throws {
        let template = try stack.loadTemplate()
        let start = try now.map(Self.parseInstant) ?? Date()
        let configuration = try stack.emulatorConfiguration()
        let rules: [LocalSchedules.Rule]
        do {
            rules = try LocalSchedules.rules(in: template, region: configuration.region, accountID: configuration.accountID)
        } catch {
            throw CommandError(error.description)
        }
        guard !rules.isEmpty else {
            print("No schedule rules in \(stack.template).")
            return
        }
        var lines = ["Schedules (fire times after \(start.utcText), UTC):"]
        for rule in rules {
            lines.append("  " + rule.summary)
            let times = rule.expression.fireTimes(after: start, count: count, rateStart: start)
            lines += times.map { "    " + $0.utcText }
            if times.count < count {
                lines.append(times.last.map { "    (the schedule ends: no fire time after \($0.utcText))" } ?? "    (no fire time left)")
            }
        }
        lines += rules.flatMap(\.warnings).map { "warning: \($0)" }
        print(lines.joined(separator: "\n"))
    }

    static func parseInstant(_ text: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        throw CommandError("--now takes an ISO 8601 time such as 2024-03-01T10:00:00Z, got \(text)")
    }
}
