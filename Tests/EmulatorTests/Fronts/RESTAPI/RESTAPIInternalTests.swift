import NIOCore
import NIOHTTP1
import StackTemplate
import Testing

@testable import LambdaEmulator

/// The REST API front: routes, proxy responses, query strings.
@Suite struct RESTAPIInternalTests {
    @Test func routesPreferLiteralsThenParametersThenGreedy() {
        let table = RouteTable(routes: [
            APIRoute(method: "GET", path: "/user/{username}/greet", functionLogicalID: "Param"),
            APIRoute(method: "GET", path: "/user/me/greet", functionLogicalID: "Literal"),
            APIRoute(method: "ANY", path: "/{proxy+}", functionLogicalID: "Greedy"),
            APIRoute(method: "POST", path: "/user/{username}/greet", functionLogicalID: "Post"),
            APIRoute(method: "GET", path: "/", functionLogicalID: "Root"),
        ])
        func target(_ method: String, _ path: String) -> String? {
            if case .found(let match) = table.lookup(method: method, path: path) { return match.route.functionLogicalID }
            return nil
        }
        #expect(target("GET", "/user/me/greet") == "Literal")
        #expect(target("GET", "/user/John/greet") == "Param")
        #expect(target("POST", "/user/John/greet") == "Post")
        #expect(target("DELETE", "/user/John/greet") == "Greedy")
        #expect(target("GET", "/") == "Root")
        #expect(target("GET", "/a/b/c") == "Greedy")
        if case .found(let match) = table.lookup(method: "GET", path: "/user/J%C3%B6rg/greet") {
            #expect(match.pathParameters == ["username": "Jörg"])
        } else {
            Issue.record("no match")
        }
        #expect(RouteTable(routes: [APIRoute(method: "GET", path: "/a", functionLogicalID: "A")]).lookup(method: "GET", path: "/b") == .notFound)
        #expect(RouteTable(routes: [APIRoute(method: "GET", path: "/a/{proxy+}", functionLogicalID: "A")]).lookup(method: "GET", path: "/a") == .notFound)
    }

    @Test(arguments: [
        #"{"body": "x"}"#,  // no statusCode
        #"{"statusCode": "200", "body": "x"}"#,
        #"{"statusCode": 200, "body": {"a": 1}}"#,
        #"{"statusCode": 200, "extra": true}"#,
        #"{"statusCode": 700}"#,
        #"{"statusCode": 200, "body": "%%%", "isBase64Encoded": true}"#,
        #""just a string""#,
        "not json",
    ])
    func malformedProxyResponsesAreRejected(text: String) {
        #expect(APIGatewayFront.proxyResponse(Array(text.utf8)) == nil)
    }

    @Test func proxyResponseBecomesHTTPResponse() throws {
        let response = try #require(APIGatewayFront.proxyResponse(Array(
            #"{"statusCode": 201, "headers": {"X-A": "1"}, "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]}, "body": "aGk=", "isBase64Encoded": true}"#.utf8)))
        let http = APIGatewayFront.httpResponse(response, requestID: "r")
        #expect(http.status == .created)
        #expect(http.headers["Set-Cookie"] == ["a=1", "b=2"])
        #expect(http.headers["X-A"] == ["1"])
        #expect(http.headers["Content-Type"] == ["application/json"])
        #expect(String(buffer: http.body) == "hi")
    }

    @Test func queryStringsKeepEveryValue() {
        #expect(APIGatewayFront.queryParameters("/p?a=1&a=2&b=x%20y&c=d+e&flag") == ["a": ["1", "2"], "b": ["x y"], "c": ["d e"], "flag": [""]])
        #expect(APIGatewayFront.queryParameters("/p").isEmpty)
    }
}
