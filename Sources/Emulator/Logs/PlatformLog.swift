import Foundation

/// Lambda's platform log lines in text format (tab-separated fields; REPORT ends with a tab).
enum PlatformLog {
    static func initStart(runtime: String?, region: String) -> String {
        let version = (runtime ?? "provided.al2023").replacingOccurrences(of: ".", with: ":") + ".local"
        return "INIT_START Runtime Version: \(version)\tRuntime Version ARN: arn:aws:lambda:\(region)::runtime:local"
    }

    static func initReport(duration: Duration, status: String, errorType: String?) -> String {
        var line = "INIT_REPORT Init Duration: \(milliseconds(duration)) ms\tPhase: init\tStatus: \(status)"
        if let errorType { line += "\tError Type: \(errorType)" }
        return line
    }

    static func start(_ requestID: String) -> String { "START RequestId: \(requestID) Version: $LATEST" }

    static func end(_ requestID: String) -> String { "END RequestId: \(requestID)" }

    static func report(
        _ requestID: String, duration: Duration, initDuration: Duration?, memorySize: Int, maxMemoryUsed: Int,
        status: String? = nil, errorType: String? = nil
    ) -> String {
        // Custom runtimes are billed for init too; billing rounds up to the millisecond.
        let billed = Int(((duration + (initDuration ?? .zero)) / .milliseconds(1)).rounded(.up))
        var line = "REPORT RequestId: \(requestID)\tDuration: \(milliseconds(duration)) ms\tBilled Duration: \(max(billed, 1)) ms\t"
        line += "Memory Size: \(memorySize) MB\tMax Memory Used: \(maxMemoryUsed) MB\t"
        if let initDuration { line += "Init Duration: \(milliseconds(initDuration)) ms\t" }
        if let status { line += "Status: \(status)\t" }
        if let errorType { line += "Error Type: \(errorType)\t" }
        return line
    }

    static func timedOut(_ requestID: String, seconds: Int) -> String {
        "\(timestamp()) \(requestID) Task timed out after \(seconds).00 seconds"
    }

    static func milliseconds(_ duration: Duration) -> String {
        String(format: "%.2f", duration / .milliseconds(1))
    }

    static func timestamp(_ date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
