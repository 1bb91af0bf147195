import Foundation
import Testing
import TestSupport
@testable import LambdaRuntime

@Suite struct RuntimeAPIClientInternalTests {
    @Test func parsesAddresses() throws {
        func parsed(_ text: String) throws -> [String] {
            let address = try RuntimeAPIAddress(text)
            return [address.host, String(address.port), address.authority, address.basePath]
        }
        #expect(try parsed("127.0.0.1:9001") == ["127.0.0.1", "9001", "127.0.0.1:9001", ""])
        #expect(try parsed("[::1]:9001") == ["::1", "9001", "[::1]:9001", ""])
        #expect(try parsed("localhost:80") == ["localhost", "80", "localhost:80", ""])
        #expect(try parsed("http://127.0.0.1:9000/.rt") == ["127.0.0.1", "9000", "127.0.0.1:9000", "/.rt"])
        #expect(try parsed("HTTP://localhost:9000/a/b/") == ["localhost", "9000", "localhost:9000", "/a/b"])
        #expect(try parsed("http://[::1]:9000") == ["::1", "9000", "[::1]:9000", ""])
        for bad in ["127.0.0.1", "127.0.0.1:", ":9001", "host:99999", "host:0", "[::1]9001", "host:x", "host:+80",
                    "http://", "http://host", "http://host:80/a b", "http://host:80/a?b", "http://u@host:80"] {
            #expect(throws: LambdaRuntimeError.self, "\(bad)") { try RuntimeAPIAddress(bad) }
        }
        do {
            _ = try RuntimeAPIAddress("https://host:443")
            Issue.record("https accepted")
        } catch {
            #expect("\(error)" == "AWS_LAMBDA_RUNTIME_API 'https://host:443': only http:// is supported (the Runtime API is plain HTTP on loopback)")
        }
    }

    @Test func basePathPrefixesEveryRequest() throws {
        let server = try MockRuntimeAPIServer()
        defer { server.stop() }
        server.enqueue([.event(id: "p", body: "{}")])
        let client = try RuntimeAPIClient(address: "http://127.0.0.1:\(server.port)/.rt")
        _ = try client.nextInvocation()
        #expect(try client.sendResponse(requestID: "p", body: Data("ok".utf8)) == .accepted)
        #expect(try client.sendInitError(ErrorReport(errorType: "E", errorMessage: "m")) == .accepted)
        #expect(server.waitForPosts(2).map(\.path) == ["/.rt/2018-06-01/runtime/invocation/p/response", "/.rt/2018-06-01/runtime/init/error"])
        #expect(server.receivedRequestLines.first == "GET /.rt/2018-06-01/runtime/invocation/next HTTP/1.1")
    }

    @Test func parsesTheInvocationIDAndRejectsAnUnusableOne() throws {
        let server = try MockRuntimeAPIServer()
        defer { server.stop() }
        server.enqueue([
            .event(id: "a", body: "{}", headers: ["Lambda-Runtime-Invocation-Id": "0f3c-11"]),
            .event(id: "b", body: "{}"),
            .event(id: "c", body: "{}", headers: ["Lambda-Runtime-Invocation-Id": "a b"]),
        ])
        let client = try RuntimeAPIClient(address: server.address)
        #expect(try client.nextInvocation().invocationID == "0f3c-11")
        #expect(try client.nextInvocation().invocationID == nil)
        #expect(throws: LambdaRuntimeError.self) { try client.nextInvocation() }
    }

    @Test func speaksTheRuntimeAPIOnOneConnection() throws {
        let server = try MockRuntimeAPIServer()
        defer { server.stop() }
        server.enqueue([
            .event(id: "id-1", body: #"{"a":1}"#, headers: [
                "Lambda-Runtime-Client-Context": #"{"client":{}}"#, "Lambda-Runtime-Cognito-Identity": #"{"cognitoIdentityId":"x"}"#,
                "Lambda-Runtime-Aws-Tenant-Id": "t-1",
            ]),
            .event(id: "id-2", body: "second"),
        ])
        let client = try RuntimeAPIClient(address: server.address)
        let first = try client.nextInvocation()
        #expect(first.requestID == "id-1")
        #expect(String(decoding: first.body, as: UTF8.self) == #"{"a":1}"#)
        #expect(first.invokedFunctionARN == "arn:aws:lambda:us-east-1:123456789012:function:test")
        #expect(first.traceID?.hasPrefix("Root=1-") == true)
        #expect(first.clientContext == #"{"client":{}}"#)
        #expect(first.cognitoIdentity == #"{"cognitoIdentityId":"x"}"#)
        #expect(first.tenantID == "t-1")
        #expect(first.deadlineMilliseconds > Int64(Date().timeIntervalSince1970 * 1000))
        #expect(first.headerProblem == nil)
        #expect(try client.sendResponse(requestID: "id-1", body: Data("ok".utf8)) == .accepted)
        _ = try client.nextInvocation()
        #expect(try client.sendError(requestID: "id-2", report: ErrorReport(errorType: "Runtime.X", errorMessage: "boom")) == .accepted)
        #expect(try client.sendInitError(ErrorReport(errorType: "InitFailure", errorMessage: "no config")) == .accepted)

        let posts = server.waitForPosts(3)
        #expect(posts[0].path == "/2018-06-01/runtime/invocation/id-1/response")
        #expect(posts[0].body == "ok")
        #expect(posts[1].path == "/2018-06-01/runtime/invocation/id-2/error")
        #expect(posts[1].headers["lambda-runtime-function-error-type"] == "Runtime.X")
        #expect(posts[1].headers["content-type"] == "application/vnd.aws.lambda.error+json")
        #expect(posts[1].body == #"{"errorMessage":"boom","errorType":"Runtime.X","stackTrace":[]}"#)
        #expect(posts[2].path == "/2018-06-01/runtime/init/error")
        #expect(posts[2].headers["lambda-runtime-function-error-type"] == "Unhandled")
        #expect(server.receivedRequestLines[0] == "GET /2018-06-01/runtime/invocation/next HTTP/1.1")
        #expect(server.connectionCount == 1)
    }

    @Test func reconnectsWhenTheServerClosedTheConnection() throws {
        let server = try MockRuntimeAPIServer()
        defer { server.stop() }
        server.enqueue([
            .rawThenClose("HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: a\r\nLambda-Runtime-Deadline-Ms: 1\r\nLambda-Runtime-Invoked-Function-Arn: arn\r\nContent-Length: 2\r\n\r\n{}"),
            .event(id: "b", body: "{}"),
        ])
        let client = try RuntimeAPIClient(address: server.address)
        #expect(try client.nextInvocation().requestID == "a")
        #expect(try client.sendResponse(requestID: "a", body: Data()) == .accepted)
        #expect(try client.nextInvocation().requestID == "b")
        #expect(server.connectionCount == 2)
    }

    @Test func reportsStatusesAndBadHeaders() throws {
        let server = try MockRuntimeAPIServer()
        defer { server.stop() }
        server.answerPosts { path in path.hasSuffix("/response") ? (413, #"{"errorType":"RequestEntityTooLarge"}"#) : (500, "down") }
        server.enqueue([
            .event(id: "ok", body: "{}"),
            .event(id: "no-deadline", body: "{}", headers: ["Lambda-Runtime-Deadline-Ms": "", "Lambda-Runtime-Invoked-Function-Arn": ""]),
            .event(id: "bad id/with slash", body: "{}"),
            .status(500, "container error"),
        ])
        let client = try RuntimeAPIClient(address: server.address)
        _ = try client.nextInvocation()
        #expect(try client.sendResponse(requestID: "ok", body: Data("x".utf8)) == .rejected(status: 413, body: #"{"errorType":"RequestEntityTooLarge"}"#))
        #expect(throws: LambdaRuntimeError.self) {
            try client.sendError(requestID: "ok", report: ErrorReport(errorType: "E", errorMessage: "m"))
        }
        let problem = try client.nextInvocation()
        #expect(problem.headerProblem == "Invalid invocation from the Runtime API: missing or invalid Lambda-Runtime-Deadline-Ms; missing Lambda-Runtime-Invoked-Function-Arn")
        do {
            _ = try client.nextInvocation()
            Issue.record("a request id with a slash was accepted")
        } catch {
            #expect("\(error)".contains("unusable request id"))
        }
        do {
            _ = try client.nextInvocation()
            Issue.record("500 on next was accepted")
        } catch {
            #expect("\(error)" == "The Runtime API answered 500 to GET next: container error")
        }
    }

    @Test func unreachableRuntimeAPIIsAClearError() throws {
        let server = try MockRuntimeAPIServer()
        let address = server.address
        server.stop()
        let client = try RuntimeAPIClient(address: address)
        do {
            try client.connect()
            Issue.record("connected to a stopped server")
        } catch {
            #expect("\(error)".contains("cannot connect to 127.0.0.1:"))
            #expect("\(error)".contains("Connection refused"))
        }
    }
}
