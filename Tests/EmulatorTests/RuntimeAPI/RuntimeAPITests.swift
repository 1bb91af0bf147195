import Foundation
import LambdaEmulator
import StackTemplate
import Testing

/// The Runtime API's status codes, error bodies, headers and streaming mode, driven by a scripted runtime.
@Suite struct RuntimeAPITests {
    @Test func statusCodesHeadersAndStreaming() async throws {
        let logs = LogCollector()
        let function = LocalFunction(
            definition: FunctionDefinition(logicalID: "probe", name: "probe", timeout: 20),
            codePath: Fixtures.path("runtime-probe"))
        let lambda = LocalLambda(functions: [function], configuration: configuration(logs))
        var first = InvocationRequest.json(#"{"first":true}"#)
        first.clientContext = #"{"custom":{"a":"b"}}"#
        first.cognitoIdentity = #"{"cognitoIdentityId":"id-1","cognitoIdentityPoolId":"pool-1"}"#
        first.traceID = "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1"
        let start = Date()
        let streamed = try await lambda.invoke("probe", request: first)
        let midStreamError = try await lambda.invoke("probe", request: .json("{}"))
        let tooLarge = try await lambda.invoke("probe", request: .json("{}"))
        let prelude = try await lambda.invoke("probe", request: .json("{}"))
        let report = try await lambda.invoke("probe", request: .json("{}"))
        await lambda.shutdown()

        #expect(streamed.text == "hello world")
        #expect(streamed.contentType == "text/plain")
        #expect(streamed.functionError == nil)
        #expect(midStreamError.functionError == "Unhandled")
        #expect(midStreamError.json["errorType"] as? String == "Function.Boom")
        #expect(midStreamError.json["errorMessage"] as? String == "broke midway")
        #expect(tooLarge.json["errorType"] as? String == "Function.ResponseSizeTooLarge")
        let integration = try #require(prelude.httpIntegrationResponse)
        #expect(String(decoding: integration.prelude, as: UTF8.self) == #"{"statusCode": 201, "headers": {"X-Streamed": "yes"}}"#)
        #expect(String(decoding: integration.body, as: UTF8.self) == "body bytes")

        let seen = report.json
        #expect(report.functionError == nil, "\(report.text) \(report.log)")
        let next = try #require(seen["next"] as? [String: Any])
        #expect(next["status"] as? Int == 200)
        #expect(next["body"] as? String == #"{"first":true}"#)
        let headers = try #require(next["headers"] as? [String: String])
        #expect(headers["lambda-runtime-aws-request-id"] == streamed.requestID)
        #expect(headers["lambda-runtime-invoked-function-arn"] == "arn:aws:lambda:us-east-1:123456789012:function:probe")
        #expect(headers["lambda-runtime-trace-id"] == first.traceID)
        #expect(headers["lambda-runtime-client-context"] == first.clientContext)
        #expect(headers["lambda-runtime-cognito-identity"] == first.cognitoIdentity)
        #expect(headers["content-type"] == "application/json")
        // The deadline is the function's 20 s timeout from when the event was handed over.
        let deadline = try #require(headers["lambda-runtime-deadline-ms"].flatMap { Double($0) })
        let received = try #require(next["receivedAtMs"] as? Double)
        #expect(abs(deadline - received - 20_000) < 2_000)
        #expect(received >= start.timeIntervalSince1970 * 1000 - 1000)

        func statusAndError(_ key: String) -> (Int?, String?) {
            let pair = seen[key] as? [Any]
            let body = (pair?.last as? String).flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } as? [String: String]
            return (pair?.first as? Int, body?["errorType"])
        }
        #expect(statusAndError("secondNext") == (403, "InvalidStateTransition"))
        #expect(statusAndError("unknownId") == (400, "InvalidRequestID"))
        #expect(statusAndError("lateInitError") == (403, "InvalidStateTransition"))
        #expect(seen["unknownPath"] as? Int == 404)
        #expect((seen["streamed"] as? [Any])?.first as? Int == 202)
        #expect((seen["streamed"] as? [Any])?.last as? String == #"{"status":"OK"}"#)
        #expect(statusAndError("repeated") == (403, "InvalidStateTransition"))
        #expect(seen["errorAfterResponse"] as? Int == 403)
        #expect((seen["midStreamError"] as? [Any])?.first as? Int == 202)
        let tooLargeReply = try #require(seen["tooLarge"] as? [Any])
        #expect(tooLargeReply.first as? Int == 413)
        #expect((tooLargeReply.last as? [String: String]) == [
            "errorType": "RequestEntityTooLarge",
            "errorMessage": "Exceeded maximum allowed payload size (6291556 bytes).",
        ])
        let badMode = try #require(seen["badMode"] as? [Any])
        #expect(badMode.first as? Int == 400)
        #expect((badMode.last as? [String: String])?["errorType"] == "Runtime.InvalidResponseModeHeader")
    }
}
