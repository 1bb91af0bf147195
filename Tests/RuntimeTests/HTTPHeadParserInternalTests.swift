import Testing
@testable import LambdaRuntime

@Suite struct HTTPHeadParserInternalTests {
    func parse(_ text: String) throws -> HTTPResponseHead {
        try Array(text.utf8).withUnsafeBytes { try HTTPHeadParser.parse($0) }
    }

    func error(_ text: String) -> String? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func parsesAnEventHead() throws {
        let head = try parse(
            "HTTP/1.1 200 OK\r\nLAMBDA-RUNTIME-AWS-REQUEST-ID: abc\r\nlambda-runtime-deadline-ms:  123 \r\n"
                + "Lambda-Runtime-Invoked-Function-Arn: arn:x\r\nLambda-Runtime-Trace-Id: Root=1\r\n"
                + "Lambda-Runtime-Client-Context: {\"a\":1}\r\nLambda-Runtime-Cognito-Identity: {\"b\":2}\r\n"
                + "Lambda-Runtime-Aws-Tenant-Id: tenant-7\r\nContent-Length: 12")
        #expect(head.status == 200)
        #expect(head.framing == .length(12))
        #expect(!head.closesConnection)
        #expect(head.lambda.requestID == "abc")
        #expect(head.lambda.deadline == "123")
        #expect(head.lambda.invokedFunctionARN == "arn:x")
        #expect(head.lambda.traceID == "Root=1")
        #expect(head.lambda.clientContext == #"{"a":1}"#)
        #expect(head.lambda.cognitoIdentity == #"{"b":2}"#)
        #expect(head.lambda.tenantID == "tenant-7")
    }

    @Test func framing() throws {
        #expect(try parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked").framing == .chunked)
        #expect(try parse("HTTP/1.1 204 No Content\r\nContent-Length: 5").framing == .none)
        #expect(try parse("HTTP/1.1 202 Accepted").framing == .untilClose)
        #expect(try parse("HTTP/1.1 202 Accepted").closesConnection)
        #expect(try parse("HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 0").closesConnection)
        #expect(try parse("HTTP/1.0 200 OK\r\nContent-Length: 0").closesConnection)
        #expect(try !parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0").closesConnection)
        #expect(try parse("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 3").framing == .length(3))
        #expect(try parse("HTTP/1.1 200").status == 200)
    }

    @Test(arguments: [
        ("", "empty response head"),
        ("HTTP/2 200 OK", "malformed status line"),
        ("HTTP/1.1 20x OK", "malformed status code"),
        ("HTTP/1.1 099 Odd", "out of range"),
        ("HTTP/1.1 200OK", "malformed status line"),
        ("HTTP/1.1 200 OK\nContent-Length: 0", "bare LF"),
        ("HTTP/1.1 200 OK\r\nA: b\rC: d", "bare CR"),
        ("HTTP/1.1 200 OK\r\nA: b\r\n folded", "obsolete line folding"),
        ("HTTP/1.1 200 OK\r\nNo colon here", "without a name and colon"),
        ("HTTP/1.1 200 OK\r\n: value", "without a name and colon"),
        ("HTTP/1.1 200 OK\r\nBad Name: v", "invalid character in header name"),
        ("HTTP/1.1 200 OK\r\nName: v\u{1}x", "control character"),
        ("HTTP/1.1 200 OK\r\nName: a long value with DEL \u{7F} past its first words", "control character"),
        ("HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: abc\u{0}", "control character"),
        ("HTTP/1.1 200 OK\r\nLambda-Runtime-Unknown Name: v", "invalid character in header name"),
        ("HTTP/1.1 200 OK\r\nContent-Length\u{1}: 3", "invalid character in header name"),
        ("HTTP/1.1 200 Reason with a \u{7F}", "control character in the reason phrase"),
        ("HTTX/1.1 200 OK", "malformed status line"),
        ("HTTP/1.1 200 OK\r\nContent-Length: -1", "invalid Content-Length"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 1e3", "invalid Content-Length"),
        ("HTTP/1.1 200 OK\r\nContent-Length: ", "invalid Content-Length"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 99999999999", "invalid Content-Length"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 40000000", "exceeds"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4", "conflicting Content-Length"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked", "unsupported Transfer-Encoding"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked", "unsupported Transfer-Encoding"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3", "both Content-Length and Transfer-Encoding"),
    ])
    func rejectsMalformedHeads(head: String, expected: String) {
        let message = error(head)
        #expect(message?.contains(expected) == true, "\(head.debugDescription) gave \(message ?? "no error")")
        #expect(message?.hasPrefix("Invalid response from the Runtime API") == true)
    }

    @Test func rejectsTooManyFields() {
        let head = "HTTP/1.1 200 OK" + String(repeating: "\r\nX-A: b", count: 129)
        #expect(error(head)?.contains("more than 128 header fields") == true)
    }
}
