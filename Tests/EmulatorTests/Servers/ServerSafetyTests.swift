import Foundation
import LambdaEmulator
import Testing
import TestSupport

/// The public servers against hostile and heavy callers, driven by real clients: curl, boto3 and
/// `benchmarks/emulator/abuse.py` (raw sockets and http.client).
@Suite(.timeLimit(.minutes(2))) struct ServerSafetyTests {
    /// `curl` with the status code appended to the body on a line of its own.
    func curl(_ arguments: [String]) async throws -> (status: Int, body: String) {
        let run = try await LambdaEmulatorTests.run(["curl", "-s", "-w", "\n%{http_code}"] + arguments)
        let lines = run.output.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
    }

    @Test func webPagesAndRebindingHostsAreRefusedBeforeAnyFunctionRuns() async throws {
        try await withTestStack(LogCollector()) { stack in
            let invoke = "http://127.0.0.1:\(try #require(stack.invokePort))"
            let api = "http://127.0.0.1:\(try #require(stack.apiPort))"
            let echo = "\(invoke)/2015-03-31/functions/echo/invocations"
            // A cross-site "simple request" a page sends without preflight.
            let simple = try await curl(["-X", "POST", "-H", "Origin: http://evil.example", "-H", "Content-Type: text/plain",
                "--data", #"{"bucket":"precious"}"#, echo])
            #expect(simple.status == 403)
            #expect(simple.body.contains("requests from web pages (with an Origin header) may not invoke functions"))
            let form = try await curl(["--data", "{}", echo])  // curl -d sends a form type
            #expect(form.status == 403)
            #expect(form.body.contains("add -H 'Content-Type: application/json'"))
            // DNS rebinding: the page's own name in Host.
            let list = try await curl(["-H", "Host: rebind.evil.example", "\(invoke)/2015-03-31/functions/"])
            #expect(list.status == 403)
            #expect(!list.body.contains("Environment"))
            let rebound = try await curl(["-H", "Host: rebind.evil.example:80", "-H", "Content-Type: application/json",
                "--data", "{}", echo])
            #expect(rebound.status == 403)
            let apiRebound = try await curl(["-H", "Host: rebind.evil.example", "\(api)/hello"])
            #expect(apiRebound.status == 403)
            #expect(stack.lambda.instancesStarted("echo") == 0)
            #expect(stack.lambda.instancesStarted("greetings") == 0)

            let sdk = try await curl(["-H", "Content-Type: application/json", "--data", #"{"a":1}"#, echo])
            #expect(sdk.status == 200)
            #expect(sdk.body == #"{"a": 1}"#)
            let localhost = try await curl(["-H", "Host: localhost:\(try #require(stack.invokePort))",
                "\(invoke)/2015-03-31/functions/"])
            #expect(localhost.status == 200)
        }
    }

    @Test func allowedHostNamesAreServed() async throws {
        try await withTestStack(LogCollector(), adjust: { $0.allowedHosts = ["dev.example"] }) { stack in
            let port = try #require(stack.invokePort)
            let allowed = try await curl(["-H", "Host: dev.example:\(port)", "http://127.0.0.1:\(port)/2015-03-31/functions/"])
            #expect(allowed.status == 200)
            let other = try await curl(["-H", "Host: other.example:\(port)", "http://127.0.0.1:\(port)/2015-03-31/functions/"])
            #expect(other.status == 403)
        }
    }

    /// The load and bad-input script of the README, with one-second timeouts: its figures as the tests see them.
    @Test func hostileAndHeavyCallersGetClearAnswersAndRealCallersStillGetServed() async throws {
        let observed = try await withTestStack(LogCollector(), adjust: { configuration in
            configuration.headerTimeout = .seconds(1)
            configuration.idleTimeout = .seconds(1)
        }) { stack in
            let script = Repository.root.appendingPathComponent("benchmarks/emulator/abuse.py").path
            let run = try await LambdaEmulatorTests.run([
                "python3", script, "--json", "--invoke-port", String(try #require(stack.invokePort)), "--api-port",
                String(try #require(stack.apiPort)), "--function", "echo", "--payload", #"{"a":1}"#,
                "--header-timeout", "1", "--idle-timeout", "1", "--idle-connections", "300", "--calls", "50",
            ], environment: awsEnvironment)
            #expect(run.status == 0, "\(run.error)")
            return try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: [String: Any]])
        }
        for refused in ["crossOrigin", "formPost", "rebindList", "rebindInvoke", "rebindAPI"] {
            #expect(observed[refused]?["status"] as? Int == 403, "\(refused)")
        }
        #expect(observed["rebindList"]?["leaksEnvironment"] as? Bool == false)
        #expect(observed["sdkCall"]?["status"] as? Int == 200)
        // A protocol error gets its 400 and the connection is closed at once.
        #expect(observed["malformed"]?["status"] as? String == "HTTP/1.1 400 Bad Request")
        #expect((observed["malformed"]?["closedAfterSeconds"] as? Double ?? 99) < 0.9)
        // (Its unread rest makes the close a reset, which may drop the 400 on the way.)
        #expect(["HTTP/1.1 400 Bad Request", "reset"].contains(observed["oversizedHead"]?["status"] as? String ?? ""))
        #expect((observed["oversizedHead"]?["closedAfterSeconds"] as? Double ?? 99) < 0.9)
        // Idle and slow connections are closed after their timeout, not before.
        for slow in ["idle", "slowHead"] {
            let closed = observed[slow]?["closedAfterSeconds"] as? Double ?? 99
            #expect(closed > 0.9 && closed < 3, "\(slow): \(closed)")
        }
        // 300 idle connections: the real caller is served; the longest-idle ones made room.
        let flood = try #require(observed["idleFlood"])
        #expect(flood["callStatus"] as? Int == 200)
        #expect((flood["callMs"] as? Double ?? 99_999) < 5_000)
        #expect((flood["closedByServer"] as? Int ?? 0) >= 300 - 256)
        #expect(observed["keepAliveCalls"]?["statuses"] as? [Int] == [200])
        #expect(observed["newConnectionCalls"]?["statuses"] as? [Int] == [200])
        // boto3 keeps connections alive; after the server closed an idle one it simply opens another.
        #expect(observed["boto3KeepAlive"]?["statuses"] as? [Int] == [200, 200])
    }

    @Test func aFullServerOfBusyConnectionsRefusesTheNextWithA503() async throws {
        try await withTestStack(LogCollector(), adjust: { $0.maxConnections = 2 }) { stack in
            let slow = "http://127.0.0.1:\(try #require(stack.invokePort))/2015-03-31/functions/slow/invocations"
            let busy = (0..<2).map { _ in
                Task { try await curl(["-H", "Content-Type: application/json", "--data", #"{"seconds":0.9}"#, slow]) }
            }
            // Both busy calls (a cold start, then 0.9 s inside the function's 1 s timeout) must hold their connections
            // when the third arrives; 600 ms leaves the two curls time to connect on a loaded machine.
            try await Task.sleep(for: .milliseconds(600))
            let refused = try await curl(["-H", "Content-Type: application/json", "--data", #"{"seconds":0}"#, slow])
            #expect(refused.status == 503)
            #expect(refused.body.contains("Too many connections"))
            for task in busy { #expect(try await task.value.status == 200) }
        }
    }
}
