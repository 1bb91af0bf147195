import Foundation
import LambdaEmulator
import Testing

/// The API Gateway front, driven as curl would, with the book's Swift functions and a Python handler that
/// returns the event it received.
@Suite struct APIGatewayFrontTests {
    @Test func booksRoutesAnswerAsInTheBook() async throws {
        let (greeting, user, anonymous, ip) = try await withTestStack(LogCollector()) { stack in
            let base = "http://127.0.0.1:\(try #require(stack.apiPort))"
            return (
                try await http("GET", base + "/greeting?name=John"), try await http("GET", base + "/user/JohnDoe123/greet"),
                try await http("GET", base + "/greeting"), try await http("GET", base + "/my-ip"))
        }
        #expect(greeting.status == 200)
        #expect(greeting.body == #"{"greeting":"Hello John!"}"#)
        #expect(greeting.headers["content-type"]?.hasPrefix("application/json") == true)
        #expect(user.body == #"{"greeting":"Hello JohnDoe123!"}"#)
        #expect(anonymous.body == #"{"greeting":"Hello World!"}"#)
        #expect(ip.status == 200)
        #expect(ip.body == #"{"myip":"127.0.0.1"}"#)
    }

    @Test func proxyEventCarriesWhatAPIGatewaySends() async throws {
        let logs = LogCollector()
        let stack = try await startTestStack(logs)
        let port = try #require(stack.apiPort)
        let response = try await http(
            "POST", "http://127.0.0.1:\(port)/event/a/b%20c?x=1&x=2&y=hello+world&empty", body: #"{"k":"v"}"#,
            headers: ["X-Custom": "one", "Content-Type": "application/json"])
        await stack.shutdown()
        #expect(response.status == 200)
        #expect(response.headers["x-handler"] == "proxy")
        #expect(response.headers["set-cookie"]?.contains("a=1") == true)
        let outer = try #require(try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any])
        let event = try #require(outer["event"] as? [String: Any])
        #expect(event["resource"] as? String == "/event/{proxy+}")
        #expect(event["path"] as? String == "/event/a/b c")
        #expect(event["httpMethod"] as? String == "POST")
        #expect((event["pathParameters"] as? [String: String]) == ["proxy": "a/b c"])
        #expect((event["queryStringParameters"] as? [String: String]) == ["x": "2", "y": "hello world", "empty": ""])
        #expect((event["multiValueQueryStringParameters"] as? [String: [String]]) == ["x": ["1", "2"], "y": ["hello world"], "empty": [""]])
        #expect((event["headers"] as? [String: String])?["X-Custom"] == "one")
        #expect((event["headers"] as? [String: String])?["X-Forwarded-For"] == "127.0.0.1")
        #expect((event["multiValueHeaders"] as? [String: [String]])?["X-Custom"] == ["one"])
        #expect(event["body"] as? String == #"{"k":"v"}"#)
        #expect(event["isBase64Encoded"] as? Bool == false)
        #expect(event["stageVariables"] is NSNull)
        let context = try #require(event["requestContext"] as? [String: Any])
        #expect(context["stage"] as? String == "prod")
        #expect(context["path"] as? String == "/prod/event/a/b%20c")  // as requested, not decoded
        #expect(context["resourcePath"] as? String == "/event/{proxy+}")
        #expect((context["identity"] as? [String: Any])?["sourceIp"] as? String == "127.0.0.1")
        #expect((context["requestTime"] as? String)?.range(
            of: #"^\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d \+0000$"#, options: .regularExpression) != nil)
    }

    @Test func absentQueryAndBodyAreNull() async throws {
        let logs = LogCollector()
        let stack = try await startTestStack(logs)
        let response = try await http("GET", "http://127.0.0.1:\(try #require(stack.apiPort))/event/x")
        await stack.shutdown()
        let outer = try #require(try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any])
        let event = try #require(outer["event"] as? [String: Any])
        #expect(event["queryStringParameters"] is NSNull)
        #expect(event["multiValueQueryStringParameters"] is NSNull)
        #expect(event["body"] is NSNull)
    }

    @Test func malformedResponsesAndErrorsAreAPIGatewaysAnswers() async throws {
        let logs = LogCollector()
        let stack = try await startTestStack(logs)
        let base = "http://127.0.0.1:\(try #require(stack.apiPort))"
        let bad = try await http("GET", base + "/bad")
        let failed = try await http("GET", base + "/fail")
        let missing = try await http("GET", base + "/nowhere")
        let wrongMethod = try await http("DELETE", base + "/greeting")
        await stack.shutdown()
        #expect(bad.status == 502)
        #expect(bad.body == #"{"message": "Internal server error"}"#)
        #expect(failed.status == 502)
        #expect(failed.body == #"{"message": "Internal server error"}"#)
        #expect(missing.status == 403)
        #expect(missing.body == #"{"message": "Missing Authentication Token"}"#)
        #expect(wrongMethod.status == 403)
    }
}
