import Foundation
import Synchronization
import Testing
import TestServers

/// `lambda-local schedules`, `fire` and the schedules of `start`, against the `TestFunction` fixture's `echo`
/// handler (it returns the event it was given) and the real `template.json`.
@Suite(.timeLimit(.minutes(2))) struct ScheduleCommandTests {
    static let template = """
        {"Resources": {
          "Echo": {"Type": "AWS::Lambda::Function", "Metadata": {"SwiftLambda": {"Product": "TestFunction"}},
                   "Properties": {"FunctionName": "echo", "Handler": "echo", "Timeout": 10}},
          "Queue": {"Type": "AWS::SQS::Queue"},
          "Hourly": {"Type": "AWS::Events::Rule", "Properties": {"Name": "hourly", "ScheduleExpression": "rate(1 hour)",
            "Targets": [{"Id": "echo", "Arn": {"Fn::GetAtt": ["Echo", "Arn"]}}]}},
          "Evenings": {"Type": "AWS::Events::Rule", "Properties": {"Name": "weekday-evenings",
            "ScheduleExpression": "cron(0 17 ? * MON-FRI *)",
            "Targets": [{"Id": "echo", "Arn": {"Fn::GetAtt": ["Echo", "Arn"]}, "Input": "{\\"purge\\": \\"evening\\"}"}]}},
          "Paused": {"Type": "AWS::Events::Rule", "Properties": {"Name": "paused", "State": "DISABLED",
            "ScheduleExpression": "cron(0/15 * * * ? *)", "Targets": [{"Id": "echo", "Arn": {"Fn::GetAtt": ["Echo", "Arn"]}}]}},
          "YearEnd": {"Type": "AWS::Events::Rule", "Properties": {"Name": "year-end",
            "ScheduleExpression": "cron(0 12 L 12 ? 2024)", "Targets": [{"Id": "queue", "Arn": {"Fn::GetAtt": ["Queue", "Arn"]}}]}}
        }}
        """

    /// Writes a template into a fresh folder and returns its path.
    static func write(_ text: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("schedules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("template.json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func remove(_ templatePath: String) {
        try? FileManager.default.removeItem(atPath: (templatePath as NSString).deletingLastPathComponent)
    }

    var products: String { LambdaLocalTests.products }

    func lambdaLocal(_ arguments: [String]) async throws -> (status: Int32, output: String, error: String) {
        try await LambdaLocalTests().lambdaLocal(arguments)
    }

    @Test func schedulesListsEachRuleWithItsNextFireTimes() async throws {
        let template = try Self.write(Self.template)
        defer { Self.remove(template) }
        // Thursday 29 February 2024, 16:30:20.
        let listed = try await lambdaLocal(["schedules", "-t", template, "--count", "3", "--now", "2024-02-29T16:30:20Z"])
        #expect(listed.status == 0, "\(listed.error)")
        #expect(listed.output == """
            Schedules (fire times after 2024-02-29T16:30:20Z, UTC):
              weekday-evenings  cron(0 17 ? * MON-FRI *)  enabled → echo (Input)
                2024-02-29T17:00:00Z
                2024-03-01T17:00:00Z
                2024-03-04T17:00:00Z
              hourly  rate(1 hour)  enabled → echo
                2024-02-29T17:30:00Z
                2024-02-29T18:30:00Z
                2024-02-29T19:30:00Z
              paused  cron(0/15 * * * ? *)  DISABLED (fires only with: lambda-local fire paused) → echo
                2024-02-29T16:45:00Z
                2024-02-29T17:00:00Z
                2024-02-29T17:15:00Z
              year-end  cron(0 12 L 12 ? 2024)  enabled → <Queue.Arn> (not local)
                2024-12-31T12:00:00Z
                (the schedule ends: no fire time after 2024-12-31T12:00:00Z)
            warning: schedule rule year-end: target queue (<Queue.Arn>) is not a function of this template; it is not invoked locally

            """)
        let later = try await lambdaLocal(["schedules", "-t", template, "--count", "1", "--now", "2025-01-01T00:00:00.5Z"])
        #expect(later.output.contains("  year-end  cron(0 12 L 12 ? 2024)  enabled → <Queue.Arn> (not local)\n    (no fire time left)\n"))
        #expect(later.output.contains("  weekday-evenings  cron(0 17 ? * MON-FRI *)  enabled → echo (Input)\n    2025-01-01T17:00:00Z\n"))
    }

    @Test func fireInvokesTheRuleNowWithAScheduledEvent() async throws {
        let template = try Self.write(Self.template)
        defer { Self.remove(template) }
        let before = Date(timeIntervalSinceNow: -1)
        let fired = try await lambdaLocal(["fire", "hourly", "-t", template, "--build-dir", products])
        #expect(fired.status == 0, "\(fired.error)")
        let event = try #require(try JSONSerialization.jsonObject(with: Data(fired.output.utf8)) as? [String: Any])
        #expect(event["detail-type"] as? String == "Scheduled Event")
        #expect(event["source"] as? String == "aws.events")
        #expect(event["account"] as? String == "123456789012")
        #expect(event["region"] as? String == "us-east-1")
        #expect(event["resources"] as? [String] == ["arn:aws:events:us-east-1:123456789012:rule/hourly"])
        let time = try #require(event["time"] as? String)
        let fireTime = try #require(ISO8601DateFormatter().date(from: time))
        #expect(fireTime >= before.addingTimeInterval(-1) && fireTime <= Date())
        // The request id in the console line is the invocation's, and the function's log follows.
        let line = try #require(fired.error.split(separator: "\n").first { $0.hasPrefix("[schedule hourly] ") })
        #expect(line.hasPrefix("[schedule hourly] \(time) → echo RequestId: "))
        let requestID = String(line.split(separator: " ").last!)
        #expect(fired.error.contains("[echo#1] START RequestId: \(requestID) Version: $LATEST"))
        #expect(fired.error.contains("[echo#1] REPORT RequestId: \(requestID)\t"))

        let withInput = try await lambdaLocal(["fire", "Evenings", "-t", template, "--build-dir", products])
        #expect(withInput.status == 0)
        #expect(withInput.output == "{\"purge\": \"evening\"}\n")

        let disabled = try await lambdaLocal(["fire", "paused", "-t", template, "--build-dir", products])
        #expect(disabled.status == 0)
        #expect(disabled.error.contains("note: schedule rule paused is DISABLED; firing it anyway, as asked"))
        #expect(disabled.output.contains(#""resources":["arn:aws:events:us-east-1:123456789012:rule/paused"]"#))
    }

    @Test func fireRunsTheBookTemplatesPurgeScheduleThroughTheEventPath() async throws {
        let server = try S3TestServer()
        defer { server.stop() }
        let fired = try await LocalStackTests().lambdaLocal(
            ["fire", "PurgeSchedule", "-t", LocalStackTests.bookTemplate, "--build-dir", products], s3Endpoint: server.motoEndpoint)
        // The stack's FacesBucket has its local name, and fire created it in moto before the purge listed it.
        #expect(fired.status == 0, "\(fired.error)")
        #expect(fired.error.contains("note: created bucket \(LocalStackTests.bucket)\n"))
        let result = try #require(try JSONSerialization.jsonObject(with: Data(fired.output.utf8)) as? [String: Any])
        #expect(result["found"] as? Int == 0)
        #expect(result["dryRun"] as? Bool == false)
        let line = try #require(fired.error.split(separator: "\n").first { $0.hasPrefix("[schedule PurgeSchedule] ") })
        #expect(line.contains(" → purgeBucketByPrefix RequestId: "))
        let requestID = String(line.split(separator: " ").last!)
        #expect(fired.error.contains("[purgeBucketByPrefix#1] START RequestId: \(requestID) Version: $LATEST"))
        #expect(fired.error.contains("[purgeBucketByPrefix#1] REPORT RequestId: \(requestID)\t"))
    }

    @Test func badInputGetsAClearError() async throws {
        let template = try Self.write(Self.template)
        defer { Self.remove(template) }
        let unknown = try await lambdaLocal(["fire", "nope", "-t", template, "--build-dir", products])
        #expect(unknown.status == 1)
        #expect(unknown.error.contains(
            "Error: schedule rule not found: nope (rules in \(template): weekday-evenings, hourly, paused, year-end)"))
        let notLocal = try await lambdaLocal(["fire", "year-end", "-t", template, "--build-dir", products])
        #expect(notLocal.status == 1)
        #expect(notLocal.error.contains("warning: schedule rule year-end: target queue (<Queue.Arn>) is not a function"))
        #expect(notLocal.error.contains("Error: schedule rule year-end has no target function in this template"))
        let badNow = try await lambdaLocal(["schedules", "-t", template, "--now", "tomorrow"])
        #expect(badNow.error.contains("Error: --now takes an ISO 8601 time such as 2024-03-01T10:00:00Z, got tomorrow"))
        let badCount = try await lambdaLocal(["schedules", "-t", template, "--count", "0"])
        #expect(badCount.error.contains("Error: --count must be at least 1, got 0"))
        let contradiction = try await lambdaLocal(["start", "--services-port", "0", "-t", template, "--no-schedules", "--fire-schedules-on-start"])
        #expect(contradiction.status != 0)
        #expect(contradiction.error.contains("Error: --fire-schedules-on-start needs the schedules; drop --no-schedules"))

        let broken = try Self.write(Self.template.replacingOccurrences(of: "rate(1 hour)", with: "rate(1 hours)"))
        defer { Self.remove(broken) }
        let message = "Error: schedule rule hourly: invalid schedule expression 'rate(1 hours)': rate expression: "
            + "unit must be singular ('hour') when the value is 1"
        for command in [["schedules"], ["fire", "paused"], ["start", "--services-port", "0", "--invoke-port", "0"]] {
            let result = try await lambdaLocal(command + ["-t", broken, "--build-dir", products])
            #expect(result.status == 1, "\(command)")
            #expect(result.error.contains(message), "\(command): \(result.error)")
        }
    }

    @Test func startFiresTheSchedulesAndListsThemWithTheirNextFireTime() async throws {
        let template = try Self.write(Self.template)
        defer { Self.remove(template) }
        let started = try await StartedStack.run(
            ["start", "--services-port", "0", "-t", template, "--build-dir", products, "--invoke-port", "0", "--fire-schedules-on-start"]
        ) { _, error in error.components(separatedBy: "] REPORT RequestId: ").count == 3 }
        #expect(started.status == 0)
        #expect(started.output.contains("Schedules (UTC; each enabled rule fired once at start):\n"))
        let hourly = try #require(started.output.split(separator: "\n").first { $0.hasPrefix("  hourly  rate(1 hour)  enabled → echo  next ") })
        let next = try #require(ISO8601DateFormatter().date(from: String(hourly.split(separator: " ").last!)))
        #expect(abs(next.timeIntervalSinceNow - 3600) < 120)
        #expect(started.output.contains("  paused  cron(0/15 * * * ? *)  DISABLED (fires only with: lambda-local fire paused) → echo\n"))
        #expect(started.output.contains("warning: schedule rule year-end: target queue (<Queue.Arn>) is not a function"))
        // Each enabled rule with a function target fired once: hourly and weekday-evenings, not paused.
        let fired = started.error.split(separator: "\n").filter { $0.hasPrefix("[schedule ") }.map { $0.split(separator: "]")[0] }
        #expect(fired.sorted() == ["[schedule hourly", "[schedule weekday-evenings"])
        let requestIDs = started.error.split(separator: "\n").filter { $0.hasPrefix("[schedule ") }.map { $0.split(separator: " ").last! }
        for requestID in requestIDs { #expect(started.error.contains(" REPORT RequestId: \(requestID)\t")) }

        let off = try await StartedStack.run(["start", "--services-port", "0", "-t", template, "--build-dir", products, "--invoke-port", "0", "--no-schedules"]) {
            output, _ in output.contains("Functions: ")
        }
        #expect(off.output.contains("Schedules: not fired (--no-schedules); lambda-local fire RULE fires one\n"))
        #expect(!off.error.contains("[schedule "))
    }
}

/// A `lambda-local start` run until its output satisfies a condition, then (after `whileRunning`) interrupted.
enum StartedStack {
    static func run(
        _ arguments: [String], environment: [String: String]? = nil,
        until done: @escaping @Sendable (_ output: String, _ error: String) -> Bool,
        whileRunning body: (_ output: String) async throws -> Void = { _ in }
    ) async throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: LambdaLocalTests.products + "/lambda-local")
        process.arguments = arguments
        if let environment { process.environment = environment }
        let (outPipe, errPipe) = (Pipe(), Pipe())
        process.standardOutput = outPipe
        process.standardError = errPipe
        let texts = Mutex(("", ""))
        let ready = AsyncStream<Void>.makeStream()
        let ended = AsyncStream<Void>.makeStream()
        // Blocking reads on threads of their own: FileHandle's readabilityHandler can crash dispatch when it is
        // removed while a read is being handled.
        func collect(_ pipe: Pipe, isError: Bool) {
            let handle = pipe.fileHandleForReading
            Thread.detachNewThread {
                while case let data = handle.availableData, !data.isEmpty {
                    let text = String(decoding: data, as: UTF8.self)
                    let satisfied = texts.withLock { texts in
                        if isError { texts.1 += text } else { texts.0 += text }
                        return done(texts.0, texts.1)
                    }
                    if satisfied { ready.continuation.yield() }
                }
                ready.continuation.finish()
                ended.continuation.yield()
            }
        }
        collect(outPipe, isError: false)
        collect(errPipe, isError: true)
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        var iterator = ready.stream.makeAsyncIterator()
        // Nil when the process ended first or the time limit cancelled the wait: then it is killed, not asked to stop.
        let satisfied = await iterator.next() != nil
        if satisfied { try await body(texts.withLock { $0.0 }) }
        kill(process.processIdentifier, satisfied ? SIGINT : SIGKILL)
        let status: Int32 = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    process.waitUntilExit()
                    continuation.resume(returning: process.terminationStatus)
                }
            }
        } onCancel: {
            kill(process.processIdentifier, SIGKILL)
        }
        // Both pipes read to their end, so nothing the process wrote is missing.
        var endings = ended.stream.makeAsyncIterator()
        _ = await endings.next()
        _ = await endings.next()
        let (output, error) = texts.withLock { $0 }
        return (status, output, error)
    }
}
