import Foundation
import LambdaEmulator

extension LocalSchedules.Rule {
    /// `name  expression  state → targets`, the line that introduces a rule in `schedules` and `start`.
    var summary: String {
        let state = isEnabled ? "enabled" : "DISABLED (fires only with: lambda-local fire \(name))"
        return "\(name)  \(expression)  \(state) → \(targetList)"
    }

    /// The targets: function names (marked when they get a constant `Input`), other ARNs marked as not local.
    var targetList: String {
        guard !targets.isEmpty else { return "no targets" }
        return targets.map { target in
            guard let function = target.functionName else { return "\(target.ARN) (not local)" }
            return target.input == nil ? function : "\(function) (Input)"
        }.joined(separator: ", ")
    }
}

extension Date {
    /// ISO 8601 UTC to the second, as the Scheduled Event's `time`: `2024-03-01T10:00:00Z`.
    var utcText: String { formatted(.iso8601) }
}
