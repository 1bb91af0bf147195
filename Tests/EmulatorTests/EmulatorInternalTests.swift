import Foundation
import LambdaEvents
import NIOCore
import NIOHTTP1
import StackTemplate
import Testing

@testable import LambdaEmulator

@Suite struct EmulatorInternalTests {
    @Test func reportLineHasLambdasFieldsAndTrailingTab() {
        let line = PlatformLog.report(
            "id-1", duration: .microseconds(1_234), initDuration: .microseconds(16_430), memorySize: 256,
            maxMemoryUsed: 15)
        #expect(line == "REPORT RequestId: id-1\tDuration: 1.23 ms\tBilled Duration: 18 ms\tMemory Size: 256 MB\tMax Memory Used: 15 MB\tInit Duration: 16.43 ms\t")
        let failed = PlatformLog.report(
            "id-2", duration: .microseconds(500), initDuration: nil, memorySize: 128, maxMemoryUsed: 9, status: "error",
            errorType: "Runtime.ExitError")
        #expect(failed == "REPORT RequestId: id-2\tDuration: 0.50 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 9 MB\tStatus: error\tError Type: Runtime.ExitError\t")
        #expect(PlatformLog.start("id-3") == "START RequestId: id-3 Version: $LATEST")
        #expect(PlatformLog.end("id-3") == "END RequestId: id-3")
    }

    @Test func exitStatusesAreWordedAsLambdaWordsThem() {
        #expect(FunctionProcess.Termination(status: 3 << 8).description == "exit status 3")
        #expect(FunctionProcess.Termination(status: SIGKILL).description == "signal: killed")
        #expect(FunctionProcess.Termination(status: SIGSEGV).description == "signal: segmentation fault")
    }

    @Test func consoleLinesNameTheirRequest() {
        let output = LogRecord(functionName: "f", instance: 2, requestID: "8476a536-e9f4", source: .standardOutput, message: "hi")
        let platform = LogRecord(functionName: "f", instance: 2, requestID: "8476a536-e9f4", source: .platform, message: "END RequestId: 8476a536-e9f4")
        #expect(ConsoleLog.format(output) == "[f#2 8476a536] hi")
        #expect(ConsoleLog.format(platform) == "[f#2] END RequestId: 8476a536-e9f4")
    }

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

    @Test func functionURLPreludeIsSplitAtEightNULs() throws {
        let bytes = Array(#"{"statusCode":201}"#.utf8) + [UInt8](repeating: 0, count: 8) + Array("body".utf8)
        let split = try #require(FunctionPool.splitPrelude(bytes))
        #expect(String(decoding: split.prelude, as: UTF8.self) == #"{"statusCode":201}"#)
        #expect(String(decoding: split.body, as: UTF8.self) == "body")
        #expect(FunctionPool.splitPrelude(Array("no separator".utf8)) == nil)
    }

    @Test func eventStreamFramesCarryLengthsAndCRCs() {
        #expect(EventStreamEncoder.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        let frame = EventStreamEncoder.message(headers: [("a", "b")], payload: Array("xy".utf8))
        // 12-byte prelude, header (1 + 1 + 1 + 2 + 1 bytes), payload, 4-byte CRC.
        #expect(frame.count == 12 + 6 + 2 + 4)
        #expect(Array(frame[0..<8]) == [0, 0, 0, 24, 0, 0, 0, 6])
        #expect(Array(frame[12..<18]) == [1, UInt8(ascii: "a"), 7, 0, 1, UInt8(ascii: "b")])
    }

    @Test func errorPayloadFallsBackToTheHeader() {
        let (json, type) = FunctionPool.errorPayload(body: Array(#"{"errorType":"E","errorMessage":"m"}"#.utf8), header: "Unhandled")
        #expect(type == "E")
        #expect(String(decoding: json, as: UTF8.self) == #"{"errorType":"E","errorMessage":"m"}"#)
        let (built, headerType) = FunctionPool.errorPayload(body: Array("plain text".utf8), header: "Runtime.Custom")
        #expect(headerType == "Runtime.Custom")
        #expect(String(decoding: built, as: UTF8.self) == #"{"errorMessage":"plain text","errorType":"Runtime.Custom"}"#)
    }

    @Test func initTimeoutStopsTheInstance() async throws {
        let logs = LogCollector()
        var configuration = configuration(logs)
        configuration.initTimeout = .milliseconds(500)
        let function = LocalFunction(
            definition: FunctionDefinition(logicalID: "sleepy", name: "sleepy"), codePath: Fixtures.path("slow-init"))
        let lambda = LocalLambda(functions: [function], configuration: configuration)
        let result = try await lambda.invoke("sleepy", request: .json("{}"))
        await lambda.shutdown()
        #expect(result.errorType == "Sandbox.Timedout")
        #expect(result.json["errorMessage"] as? String == "RequestId: \(result.requestID) Error: Task timed out after 0.50 seconds")
        #expect(result.logLines.contains("init: this takes a while"))
        #expect(result.logLines.contains { $0.hasPrefix("INIT_REPORT Init Duration: ") && $0.hasSuffix("\tPhase: init\tStatus: timeout\tError Type: Sandbox.Timedout") })
    }
}
