import Foundation
import Testing
import TestSupport

/// Lambda's 2026 Runtime API contract, end to end through the built `TestFunction` and the mock Runtime API:
/// invocation ids and 410, concurrent invocations (AWS_LAMBDA_MAX_CONCURRENCY), response streaming, and the
/// `http://` form of AWS_LAMBDA_RUNTIME_API.
@Suite(.serialized) struct RuntimeContractTests {
    func start(_ environment: [String: String], address: ((MockRuntimeAPIServer) -> String)? = nil) throws
        -> (MockRuntimeAPIServer, FunctionProcess)
    {
        let server = try MockRuntimeAPIServer()
        var env = ["AWS_LAMBDA_RUNTIME_API": address?(server) ?? server.address]
        env.merge(environment) { $1 }
        return (server, try FunctionProcess(executable: FunctionProcess.executable("TestFunction"), environment: env))
    }

    func json(_ text: String) -> [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    }

    // MARK: Invocation ids

    @Test func invocationIDIsEchoedOnBothPostsOnlyWhenSent() throws {
        let (server, function) = try start(["_HANDLER": "fail"])
        defer { server.stop(); function.terminate() }
        server.answerPosts { _ in (202, "{}") }
        server.enqueue([
            .event(id: "with", body: #"{"message":"x"}"#, headers: ["Lambda-Runtime-Invocation-Id": "inv-0001"]),
            .event(id: "without", body: #"{"message":"y"}"#),
        ])
        let posts = server.waitForPosts(2)
        #expect(posts[0].path.hasSuffix("/with/error"))
        #expect(posts[0].headers["lambda-runtime-invocation-id"] == "inv-0001")
        #expect(posts[1].path.hasSuffix("/without/error"))
        #expect(posts[1].headers["lambda-runtime-invocation-id"] == nil)

        let (echoServer, echo) = try start(["_HANDLER": "echo"])
        defer { echoServer.stop(); echo.terminate() }
        echoServer.enqueue([
            .event(id: "a", body: "1", headers: ["Lambda-Runtime-Invocation-Id": "inv-a"]), .event(id: "b", body: "2"),
        ])
        let responses = echoServer.waitForPosts(2)
        #expect(responses.map(\.path) == ["/2018-06-01/runtime/invocation/a/response", "/2018-06-01/runtime/invocation/b/response"])
        #expect(responses.map { $0.headers["lambda-runtime-invocation-id"] } == ["inv-a", nil])
    }

    @Test func a410MidRunIsOneWarningAndTheLoopGoesOn() throws {
        let (server, function) = try start(["_HANDLER": "echo"])
        defer { server.stop(); function.terminate() }
        server.answerPosts { path in
            path.contains("/stale/") ? (410, #"{"errorType":"InvocationGone"}"#) : (202, #"{"status":"OK"}"#)
        }
        server.enqueue([
            .event(id: "before", body: "1", headers: ["Lambda-Runtime-Invocation-Id": "i-1"]),
            .event(id: "stale", body: "2", headers: ["Lambda-Runtime-Invocation-Id": "i-2"]),
            .event(id: "after", body: "3", headers: ["Lambda-Runtime-Invocation-Id": "i-3"]),
        ])
        let posts = server.waitForPosts(3)
        #expect(posts.map(\.body) == ["1", "2", "3"])
        #expect(posts.allSatisfy { $0.path.hasSuffix("/response") }, "a 410 is not followed by an error post")
        #expect(function.process.isRunning)
        function.signal(SIGTERM)
        #expect(function.waitForExit() == 0)
        let warnings = function.standardOutput().split(separator: "\n").filter { $0.contains("410 Gone") }
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("\tstale\tWARN\t") == true, "\(warnings)")
    }

    // MARK: Concurrency

    @Test func maxConcurrencyRunsInvocationsOverlappingInTime() throws {
        let (server, function) = try start(["_HANDLER": "sleep", "AWS_LAMBDA_MAX_CONCURRENCY": "4"])
        defer { server.stop(); function.terminate() }
        #expect(server.waitForNextRequests(4), "four slots ask for work at once")
        let started = Date()
        server.enqueue((0..<4).map { .event(id: "c\($0)", body: #"{"ms":600}"#) })
        let posts = server.waitForPosts(4)
        let elapsed = Date().timeIntervalSince(started)
        #expect(posts.count == 4)
        #expect(Set(posts.map(\.body)) == [#""slept 600""#])
        // Overlap: every invocation was handed out before any finished.
        let handOuts = server.handOutTimes
        let lastStart = try #require(handOuts.values.max())
        let firstEnd = try #require(posts.map(\.receivedAt).min())
        #expect(lastStart < firstEnd, "the four invocations overlapped")
        #expect(elapsed < 4 * 0.6 * 0.75, "4 × 600 ms took \(elapsed) s: not concurrent")
        #expect(server.connectionCount == 4)
    }

    @Test func sigtermFinishesEveryInvocationInFlight() throws {
        let (server, function) = try start(["_HANDLER": "sleep", "AWS_LAMBDA_MAX_CONCURRENCY": "3"])
        defer { server.stop(); function.terminate() }
        #expect(server.waitForNextRequests(3))
        server.enqueue([
            .event(id: "s0", body: #"{"ms":900}"#), .event(id: "s1", body: #"{"ms":700}"#),
            .event(id: "s2", body: #"{"ms":500}"#),
        ])
        let deadline = Date().addingTimeInterval(10)
        while server.handOutTimes.count < 3 && Date() < deadline { usleep(5_000) }
        usleep(100_000)
        function.signal(SIGTERM)
        #expect(function.waitForExit() == 0)
        let posts = server.waitForPosts(3, timeout: 1)
        #expect(Set(posts.map(\.path)) == Set(["s0", "s1", "s2"].map { "/2018-06-01/runtime/invocation/\($0)/response" }))
    }

    @Test func invalidMaxConcurrencyIsAClearFatalLine() throws {
        let (server, function) = try start(["_HANDLER": "echo", "AWS_LAMBDA_MAX_CONCURRENCY": "lots"])
        defer { server.stop() }
        #expect(function.waitForExit() == 1)
        #expect(function.standardError() == "LambdaRuntime: fatal: AWS_LAMBDA_MAX_CONCURRENCY 'lots' is not a whole number from 1 to 1024\n")
    }

    // MARK: Streaming

    @Test func theFirstStreamedChunkArrivesBeforeTheHandlerFinishes() throws {
        let (server, function) = try start(["_HANDLER": "stream"])
        defer { server.stop(); function.terminate() }
        server.enqueue([.event(id: "st", body: #"{"lines":3,"pauseMs":400}"#, headers: ["Lambda-Runtime-Invocation-Id": "inv-st"])])
        let post = try #require(server.waitForPosts(1).first)
        #expect(post.path == "/2018-06-01/runtime/invocation/st/response")
        #expect(post.headers["lambda-runtime-function-response-mode"] == "streaming")
        #expect(post.headers["transfer-encoding"] == "chunked")
        #expect(post.headers["trailer"] == "Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body")
        #expect(post.headers["content-type"] == "application/octet-stream")
        #expect(post.headers["lambda-runtime-invocation-id"] == "inv-st")
        #expect(post.body == "line 1\nline 2\nline 3\n")
        #expect(post.trailers.isEmpty)
        #expect(post.chunkArrivals.count == 3)
        let first = try #require(post.chunkArrivals.first)
        #expect(post.receivedAt.timeIntervalSince(first) >= 0.7, "the first line arrived 2 × 400 ms before the end")
    }

    @Test func anErrorAfterTheFirstByteArrivesAsTrailers() throws {
        let (server, function) = try start(["_HANDLER": "stream"])
        defer { server.stop(); function.terminate() }
        server.enqueue([
            .event(id: "mid", body: #"{"lines":2,"fail":true}"#), .event(id: "early", body: #"{"failFirst":true}"#),
            .event(id: "bad", body: #"{"lines":"x"}"#),
        ])
        let posts = server.waitForPosts(3)
        #expect(posts[0].path.hasSuffix("/mid/response"))
        #expect(posts[0].body == "line 1\nline 2\n")
        #expect(posts[0].trailers["lambda-runtime-function-error-type"] == "Unhandled")
        let encoded = try #require(posts[0].trailers["lambda-runtime-function-error-body"])
        let decoded = try #require(Data(base64Encoded: encoded).flatMap { json(String(decoding: $0, as: UTF8.self)) })
        #expect(decoded["errorType"] as? String == "Failure")
        #expect(decoded["errorMessage"] as? String == "failed after 14 bytes")
        // Before the first byte, an error is an ordinary function error.
        #expect(posts[1].path.hasSuffix("/early/error"))
        #expect(json(posts[1].body)?["errorMessage"] as? String == "failed before the first byte")
        #expect(posts[2].path.hasSuffix("/bad/error"))
        #expect(json(posts[2].body)?["errorType"] as? String == "Runtime.UnmarshalError")
        #expect(function.process.isRunning)
    }

    @Test func theHTTPPreludeCarriesStatusHeadersAndCookies() throws {
        let (server, function) = try start(["_HANDLER": "stream"])
        defer { server.stop(); function.terminate() }
        server.enqueue([.event(id: "url", body: #"{"lines":1,"status":201}"#)])
        let post = try #require(server.waitForPosts(1).first)
        #expect(post.headers["content-type"] == "application/vnd.awslambda.http-integration-response")
        let separator = try #require(post.body.range(of: String(repeating: "\0", count: 8)))
        let prelude = try #require(json(String(post.body[..<separator.lowerBound])))
        #expect(prelude["statusCode"] as? Int == 201)
        #expect(prelude["headers"] as? [String: String] == ["X-Test": "yes"])
        #expect(prelude["cookies"] as? [String] == ["a=1"])
        #expect(post.body[separator.upperBound...] == "line 1\n")
    }

    @Test func streamingGreetingsStreamsLinesAndOpensFunctionURLStreamsWithAPrelude() throws {
        let server = try MockRuntimeAPIServer()
        let function = try FunctionProcess(
            executable: FunctionProcess.executable("streamingGreetings"), environment: ["AWS_LAMBDA_RUNTIME_API": server.address])
        defer { server.stop(); function.terminate() }
        let url = String(decoding: try Repository.event("greetings-function-url.json"), as: UTF8.self)
        server.enqueue([.event(id: "direct", body: #"{"name":"John"}"#), .event(id: "url", body: url)])
        let posts = server.waitForPosts(2)
        #expect(posts[0].body == "Hello John! (1/3)\nHello John! (2/3)\nHello John! (3/3)\n")
        #expect(posts[0].chunkArrivals.count == 3)
        #expect(posts[0].receivedAt.timeIntervalSince(posts[0].chunkArrivals[0]) >= 0.15, "lines 100 ms apart")
        #expect(posts[1].headers["content-type"] == "application/vnd.awslambda.http-integration-response")
        let parts = posts[1].body.components(separatedBy: String(repeating: "\0", count: 8))
        #expect(parts.count == 2)
        #expect(json(parts[0])?["statusCode"] as? Int == 200)
        #expect(parts[1].hasPrefix("Hello John! (1/"), "\(parts[1])")
    }

    // MARK: AWS_LAMBDA_RUNTIME_API as a URL

    @Test func runsUnderAnHTTPURLWithABasePath() throws {
        let (server, function) = try start(["_HANDLER": "echo"]) { "http://127.0.0.1:\($0.port)/.rt" }
        defer { server.stop(); function.terminate() }
        server.enqueue([.event(id: "u", body: "hi")])
        let posts = server.waitForPosts(1)
        #expect(posts.first?.path == "/.rt/2018-06-01/runtime/invocation/u/response")
        #expect(posts.first?.body == "hi")
        #expect(server.receivedRequestLines.first == "GET /.rt/2018-06-01/runtime/invocation/next HTTP/1.1")
    }

    @Test func anHTTPSURLIsAClearFatalLine() throws {
        let (server, function) = try start(["_HANDLER": "echo"]) { "https://127.0.0.1:\($0.port)" }
        defer { server.stop() }
        #expect(function.waitForExit() == 1)
        #expect(function.standardError().contains("only http:// is supported"))
    }
}
