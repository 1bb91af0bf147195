import Foundation
import GreetingsHandler
import LambdaEvents
import LambdaRuntime
import Logging
import Testing
import TestSupport

let testContext = LambdaContext(
    requestID: "r", deadlineMilliseconds: Int64(Date().timeIntervalSince1970 * 1000) + 3_000,
    invokedFunctionARN: "arn:aws:lambda:us-east-1:123456789012:function:f", logger: Logger(label: "test"))

/// Decodes an event, runs the handler and returns the JSON it answers, as the runtime would.
func answer<H: LambdaHandler>(_ handler: H, _ event: Data) async throws -> [String: Any]? {
    let output = try await CodableHandlerAdapter(handler).handle(event, context: testContext)
    return try JSONSerialization.jsonObject(with: output, options: .fragmentsAllowed) as? [String: Any]
}

func answerText<H: LambdaHandler>(_ handler: H, _ event: Data) async throws -> String {
    String(decoding: try await CodableHandlerAdapter(handler).handle(event, context: testContext), as: UTF8.self)
}

@Suite struct GreetingsHandlerTests {
    @Test(arguments: [
        ("greetings.json", #""Hello John!""#),
        ("greetings-no-name.json", #""Hello World!""#),
        ("greetings-custom.json", #""Hi John!""#),
    ])
    func bookEvents(file: String, expected: String) async throws {
        #expect(try await answerText(GreetingsHandler(), Repository.event(file)) == expected)
    }

    @Test(arguments: [
        ("greetings-apigateway-query.json", "Hello John!"),
        ("greetings-apigateway-path.json", "Hello JohnDoe123!"),
        ("greetings-http-api.json", "Hello John!"),
        ("greetings-function-url.json", "Hello John!"),
    ])
    func proxyEvents(file: String, expected: String) async throws {
        let response = try #require(try await answer(GreetingsHandler(), Repository.event(file)))
        #expect(response["statusCode"] as? Int == 200)
        #expect((response["headers"] as? [String: String])?["Content-Type"] == "application/json")
        let body = try #require(response["body"] as? String)
        #expect(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: String] == ["greeting": expected])
    }

    @Test func emptyValuesFallBackLikeTheBook() {
        #expect(GreetingsHandler.greeting(name: "", greet: "") == "Hello World!")
        #expect(GreetingsHandler.greeting(name: "Ann", greet: nil) == "Hello Ann!")
    }

    @Test(arguments: [
        (#"{"name":42}"#, "field 'name': expected a string"),
        (#"{"name":"a","greet":["Hi"]}"#, "field 'greet': expected a string"),
        (#""John""#, "the event: expected an object"),
        (#"{"requestContext":{},"httpMethod":"GET"}"#, "missing field 'resource'"),
        (#"{"requestContext":{"http":{}},"version":"2.0","routeKey":"$default","rawPath":"/"}"#, "missing field 'requestContext.http.method'"),
        ("{", "the event is not valid JSON"),
    ])
    func badInputIsAClearError(event: String, expected: String) async {
        do {
            _ = try await answerText(GreetingsHandler(), Data(event.utf8))
            Issue.record("accepted \(event)")
        } catch let error as LambdaRuntimeError {
            #expect(error.errorType == "Runtime.UnmarshalError")
            #expect(error.message.contains(expected), "\(error.message)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
