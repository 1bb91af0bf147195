import Foundation
import Testing
import TestSupport

/// The built function executables, driven through many invocations by the mock Runtime API.
@Suite(.serialized) struct FunctionProcessTests {
    func start(_ product: String, environment: [String: String] = [:]) throws -> (MockRuntimeAPIServer, FunctionProcess) {
        let server = try MockRuntimeAPIServer()
        var env = ["AWS_LAMBDA_RUNTIME_API": server.address]
        env.merge(environment) { $1 }
        return (server, try FunctionProcess(executable: FunctionProcess.executable(product), environment: env))
    }

    func json(_ text: String) -> [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    }

    @Test func greetingsSurvivesGoodAndBadEventsInterleaved() throws {
        let (server, function) = try start("greetings")
        defer { server.stop(); function.terminate() }
        let cases: [(String, String?, String)] = [
            (#"{"name":"John"}"#, nil, #""Hello John!""#),
            (#"{"name":5}"#, "Runtime.UnmarshalError", "field 'name': expected a string"),
            ("{}", nil, #""Hello World!""#),
            ("garbage", "Runtime.UnmarshalError", "the event is not valid JSON"),
            (#"{"greet":"Hi","name":"John"}"#, nil, #""Hi John!""#),
            ("[]", "Runtime.UnmarshalError", "the event: expected an object"),
            ("", "Runtime.UnmarshalError", "not valid JSON"),
            (String(data: try Repository.event("greetings-apigateway-path.json"), encoding: .utf8)!, nil, #"{\"greeting\":\"Hello JohnDoe123!\"}"#),
            (#"{"name":"\u00e9\u4e16"}"#, nil, #""Hello é世!""#),
        ]
        let rounds = 30
        var replies: [MockRuntimeAPIServer.Reply] = []
        for round in 0..<rounds {
            for (index, item) in cases.enumerated() { replies.append(.event(id: "r\(round)-\(index)", body: item.0)) }
        }
        server.enqueue(replies)
        let posts = server.waitForPosts(replies.count)
        #expect(posts.count == replies.count)
        for (position, post) in posts.enumerated() {
            let index = position % cases.count
            let (_, errorType, expected) = cases[index]
            let id = "r\(position / cases.count)-\(index)"
            if let errorType {
                #expect(post.path == "/2018-06-01/runtime/invocation/\(id)/error")
                #expect(post.headers["lambda-runtime-function-error-type"] == errorType)
                let body = json(post.body)
                #expect(body?["errorType"] as? String == errorType)
                #expect((body?["errorMessage"] as? String)?.contains(expected) == true, "\(post.body)")
                #expect(body?["stackTrace"] as? [Any] != nil)
            } else {
                #expect(post.path == "/2018-06-01/runtime/invocation/\(id)/response")
                #expect(post.body.contains(expected), "\(post.body)")
            }
        }
        #expect(function.process.isRunning)
        #expect(server.connectionCount == 1)
        function.signal(SIGTERM)
        #expect(function.waitForExit() == 0)
        let log = function.standardOutput()
        #expect(log.contains("\tERROR\tRuntime.UnmarshalError: Could not decode the event: field 'name'"))
    }

    @Test func whatIsMyIpAnswersEachShape() throws {
        let (server, function) = try start("whatIsMyIp")
        defer { server.stop(); function.terminate() }
        let files = ["whatIsMyIp.json", "whatIsMyIp-apigateway.json", "whatIsMyIp-http-api.json", "whatIsMyIp-function-url.json"]
        server.enqueue(try files.enumerated().map { .event(id: "ip-\($0.offset)", body: String(decoding: try Repository.event($0.element), as: UTF8.self)) })
        server.enqueue([.event(id: "bad", body: #"{"myip":[1]}"#)])
        let posts = server.waitForPosts(5)
        #expect(posts[0].body == #""1.1.1.1""#)
        for (post, address) in zip(posts[1...3], ["203.0.113.7", "198.51.100.23", "192.0.2.44"]) {
            let body = json(post.body)
            #expect(body?["statusCode"] as? Int == 200)
            #expect(json(body?["body"] as? String ?? "")?["myip"] as? String == address)
        }
        #expect(posts[4].path.hasSuffix("/bad/error"))
        #expect(json(posts[4].body)?["errorMessage"] as? String == "Could not decode the event: field 'myip': expected a string; Expected to decode String but found an array instead.")
    }

    @Test func contextHeadersReachTheHandlerAndTheTraceVariable() throws {
        let (server, function) = try start("TestFunction", environment: ["_HANDLER": "context", "AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": "INFO"])
        defer { server.stop(); function.terminate() }
        server.enqueue([
            .event(id: "c-1", body: "{}", headers: [
                "Lambda-Runtime-Trace-Id": "Root=1-abc;Sampled=1", "Lambda-Runtime-Client-Context": #"{"custom":{"a":"b"}}"#,
                "Lambda-Runtime-Cognito-Identity": #"{"cognitoIdentityId":"id"}"#, "Lambda-Runtime-Aws-Tenant-Id": "tenant-1",
            ]),
            .event(id: "c-2", body: "{}", headers: ["Lambda-Runtime-Trace-Id": "Root=" + String(repeating: "9", count: 900)]),
        ])
        let posts = server.waitForPosts(2)
        let first = try #require(json(posts[0].body))
        #expect(first["requestID"] as? String == "c-1")
        #expect(first["traceID"] as? String == "Root=1-abc;Sampled=1")
        #expect(first["traceEnvironment"] as? String == "Root=1-abc;Sampled=1")
        #expect(first["clientContext"] as? String == #"{"custom":{"a":"b"}}"#)
        #expect(first["cognitoIdentity"] as? String == #"{"cognitoIdentityId":"id"}"#)
        #expect(first["tenantID"] as? String == "tenant-1")
        let remaining = try #require(first["remainingMilliseconds"] as? Int)
        #expect(remaining > 20_000 && remaining <= 30_000)
        #expect(json(posts[1].body)?["traceEnvironment"] as? String == "Root=" + String(repeating: "9", count: 900))
        function.signal(SIGTERM)
        #expect(function.waitForExit() == 0)
        let lines = function.standardOutput().split(separator: "\n").compactMap { json(String($0)) }
        #expect(lines.count == 4, "debug lines are filtered at INFO")
        #expect(lines.first?["level"] as? String == "INFO")
        #expect(lines.first?["message"] as? String == "info line")
        #expect(lines.first?["requestId"] as? String == "c-1")
        #expect(lines.first?["key"] as? String == "value")
        #expect(lines.first?["tenantId"] as? String == "tenant-1", "the invocation's tenant is in its JSON lines")
        #expect(lines.allSatisfy { $0["requestId"] as? String != "c-2" || $0["tenantId"] == nil }, "no tenant, no key")
        #expect(lines.contains { $0["level"] as? String == "WARN" && $0["requestId"] as? String == "c-2" })
    }

    @Test func sigtermFinishesTheInvocationInFlightThenExitsZero() throws {
        let (server, function) = try start("TestFunction", environment: ["_HANDLER": "sleep"])
        defer { server.stop(); function.terminate() }
        server.enqueue([.event(id: "slow", body: #"{"ms":700}"#)])
        #expect(server.waitForNextRequests(1))
        usleep(200_000)
        function.signal(SIGTERM)
        #expect(function.waitForExit() == 0)
        let posts = server.waitForPosts(1, timeout: 1)
        #expect(posts.map(\.body) == [#""slept 700""#])
        #expect(server.receivedRequestLines.filter { $0.hasPrefix("GET") }.count == 1)
    }

    @Test func functionErrorsAndOversizedResponsesAreReported() throws {
        let (server, function) = try start("TestFunction", environment: ["_HANDLER": "big"])
        defer { server.stop(); function.terminate() }
        server.enqueue([.event(id: "fits", body: #"{"bytes":6291554}"#), .event(id: "over", body: #"{"bytes":6291555}"#), .event(id: "small", body: #"{"bytes":3}"#)])
        let posts = server.waitForPosts(3)
        #expect(posts[0].path.hasSuffix("/fits/response"))
        #expect(posts[0].body.count == 6_291_556)
        #expect(posts[1].path.hasSuffix("/over/error"))
        #expect(json(posts[1].body)?["errorType"] as? String == "Function.ResponseSizeTooLarge")
        #expect(json(posts[1].body)?["errorMessage"] as? String == "Response payload size (6291557 bytes) exceeded maximum allowed payload size (6291556 bytes).")
        #expect(posts[2].body == #""xxx""#)
    }

    @Test func thrownErrorsUseTheTypeNameAndLogFirst() throws {
        let (server, function) = try start("TestFunction", environment: ["_HANDLER": "fail"])
        defer { server.stop(); function.terminate() }
        server.enqueue([.event(id: "f", body: #"{"message":"disk on fire"}"#)])
        let posts = server.waitForPosts(1)
        #expect(posts.first?.headers["lambda-runtime-function-error-type"] == "Unhandled")
        #expect(posts.first?.body == #"{"errorMessage":"disk on fire","errorType":"Failure","stackTrace":[]}"#)
        function.signal(SIGTERM)
        _ = function.waitForExit()
        #expect(function.standardOutput().contains("\tf\tERROR\tFailure: disk on fire"))
    }

    @Test func initErrorsArePostedAndExitNonZero() throws {
        let (server, function) = try start("TestFunction", environment: ["_HANDLER": "initFail"])
        defer { server.stop() }
        #expect(function.waitForExit() == 1)
        let posts = server.waitForPosts(1)
        #expect(posts.first?.path == "/2018-06-01/runtime/init/error")
        #expect(posts.first?.body == #"{"errorMessage":"cannot read the configuration","errorType":"InitFailure","stackTrace":[]}"#)
        #expect(server.receivedRequestLines.allSatisfy { !$0.hasPrefix("GET") })
    }

    @Test func unknownHandlerIsAnInitError() throws {
        let (server, function) = try start("TestFunction", environment: ["_HANDLER": "nope"])
        defer { server.stop() }
        #expect(function.waitForExit() == 1)
        let body = json(server.waitForPosts(1).first?.body ?? "")
        #expect(body?["errorType"] as? String == "Runtime.HandlerNotFound")
        #expect(body?["errorMessage"] as? String == "Handler 'nope' not found; this binary serves: big, context, crash, echo, fail, initFail, sleep, span, trap.")
    }

    @Test func missingOrUnreachableRuntimeAPIExitsWithAClearLine() throws {
        let missing = try FunctionProcess(executable: FunctionProcess.executable("greetings"), environment: [:])
        #expect(missing.waitForExit() == 1)
        #expect(missing.standardError().hasPrefix("LambdaRuntime: fatal: AWS_LAMBDA_RUNTIME_API is not set"))

        let server = try MockRuntimeAPIServer()
        let address = server.address
        server.stop()
        let unreachable = try FunctionProcess(executable: FunctionProcess.executable("greetings"), environment: ["AWS_LAMBDA_RUNTIME_API": address])
        #expect(unreachable.waitForExit() == 1)
        #expect(unreachable.standardError().contains("cannot reach the Runtime API at \(address)"))
    }

    @Test func runtimeAPIGoneMidwayExitsNonZero() throws {
        let (server, function) = try start("greetings")
        defer { function.terminate() }
        server.enqueue([.event(id: "a", body: "{}"), .status(500, "container error")])
        #expect(function.waitForExit() == 1)
        #expect(function.standardError().contains("The Runtime API answered 500 to GET next: container error"))
        server.stop()
    }
}
