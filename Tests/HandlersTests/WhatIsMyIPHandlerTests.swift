import Foundation
import LambdaRuntime
import Testing
import TestSupport
import WhatIsMyIPHandler

@Suite struct WhatIsMyIPHandlerTests {
    @Test func bookEvent() async throws {
        #expect(try await answerText(WhatIsMyIPHandler(), Repository.event("whatIsMyIp.json")) == #""1.1.1.1""#)
    }

    @Test(arguments: [
        ("whatIsMyIp-apigateway.json", "203.0.113.7"),
        ("whatIsMyIp-http-api.json", "198.51.100.23"),
        ("whatIsMyIp-function-url.json", "192.0.2.44"),
    ])
    func proxyEvents(file: String, expected: String) async throws {
        let response = try #require(try await answer(WhatIsMyIPHandler(), Repository.event(file)))
        #expect(response["statusCode"] as? Int == 200)
        let body = try #require(response["body"] as? String)
        #expect(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: String] == ["myip": expected])
    }

    @Test func proxyEventWithoutSourceIPIsAnError() async throws {
        var event = try JSONSerialization.jsonObject(with: Repository.event("whatIsMyIp-apigateway.json")) as! [String: Any]
        var context = event["requestContext"] as! [String: Any]
        context["identity"] = ["sourceIp": NSNull()]
        event["requestContext"] = context
        do {
            _ = try await answerText(WhatIsMyIPHandler(), JSONSerialization.data(withJSONObject: event))
            Issue.record("accepted an event without source IP")
        } catch let error as WhatIsMyIPError {
            #expect(error == .missingSourceIP)
            #expect(error.errorType == "MissingSourceIP")
        }
    }

    @Test(arguments: [
        ("{}", "missing field 'myip'"),
        (#"{"myip":1}"#, "field 'myip': expected a string"),
        (#"{"myip":null}"#, "field 'myip': expected a string, found null"),
    ])
    func badBookEvents(event: String, expected: String) async {
        do {
            _ = try await answerText(WhatIsMyIPHandler(), Data(event.utf8))
            Issue.record("accepted \(event)")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
        }
    }
}
