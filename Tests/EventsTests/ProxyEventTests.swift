import Foundation
import LambdaEvents
import Testing
import TestSupport

@Suite struct ProxyEventTests {
    @Test func restEventRoundTripsWithNulls() throws {
        let request = APIGatewayRequest(
            resource: "/my-ip", path: "/my-ip", httpMethod: "GET",
            requestContext: .init(stage: "prod", identity: .init(sourceIp: "127.0.0.1")))
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(request)) as! [String: Any]
        for key in ["queryStringParameters", "multiValueQueryStringParameters", "pathParameters", "stageVariables", "body", "headers"] {
            #expect(json[key] is NSNull, "\(key) should be null")
        }
        #expect(try JSONDecoder().decode(APIGatewayRequest.self, from: JSONEncoder().encode(request)) == request)
    }

    @Test func decodesTheSampleEvents() throws {
        let rest = try JSONDecoder().decode(APIGatewayRequest.self, from: Repository.event("greetings-apigateway-path.json"))
        #expect(rest.pathParameters == ["username": "JohnDoe123"])
        #expect(rest.requestContext.identity.sourceIp == "203.0.113.7")
        let http = try JSONDecoder().decode(APIGatewayV2Request.self, from: Repository.event("greetings-function-url.json"))
        #expect(http.queryStringParameters == ["name": "John"])
        #expect(ProxyEvent.http(http).sourceIP == "198.51.100.23")
    }

    @Test func scheduledEventEncodesDetailType() throws {
        let event = ScheduledEvent(id: "1", time: "2026-11-23T15:00:00Z", region: "us-east-1", account: "123456789012",
                                   ruleARN: "arn:aws:events:us-east-1:123456789012:rule/purge")
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(event)) as! [String: Any]
        #expect(json["detail-type"] as? String == "Scheduled Event")
        #expect(json["source"] as? String == "aws.events")
        #expect(json["resources"] as? [String] == ["arn:aws:events:us-east-1:123456789012:rule/purge"])
        #expect((json["detail"] as? [String: Any])?.isEmpty == true)
    }
}
