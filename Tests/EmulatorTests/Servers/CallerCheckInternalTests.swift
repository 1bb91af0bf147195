import NIOHTTP1
import Testing

@testable import LambdaEmulator

/// Who may call a listener, from the request head alone.
@Suite struct CallerCheckInternalTests {
    func head(_ headers: [(String, String)]) -> HTTPRequestHead {
        HTTPRequestHead(version: .http1_1, method: .POST, uri: "/2015-03-31/functions/f/invocations", headers: HTTPHeaders(headers))
    }

    let invoke = CallerCheck.loopback(alsoAllow: ["Dev.Example"], refusesBrowsers: true)
    let api = CallerCheck.loopback(refusesBrowsers: false)

    @Test(arguments: ["127.0.0.1:3001", "localhost:3001", "LOCALHOST:3001", "[::1]:3001", "dev.example:3001"])
    func loopbackAndAllowedNamesWithThePortAreServed(host: String) {
        #expect(invoke.refusal(for: head([("Host", host)]), port: 3001) == nil)
    }

    @Test(arguments: [
        "rebind.evil.example:3001", "127.0.0.1:3000", "127.0.0.1", "localhost.:3001", "127.0.0.1:99999", ":3001",
        "::1:3001", "dev.example",
    ])
    func otherHostsAreRefused(host: String) {
        let refusal = invoke.refusal(for: head([("Host", host)]), port: 3001)
        #expect(refusal?.hasPrefix("Forbidden: Host '\(host)' is not this server") == true)
    }

    @Test func aRequestNeedsExactlyOneHost() {
        #expect(invoke.refusal(for: head([]), port: 3001)?.contains("exactly one Host") == true)
        #expect(invoke.refusal(for: head([("Host", "127.0.0.1:3001"), ("Host", "127.0.0.1:3001")]), port: 3001) != nil)
    }

    @Test func theInvokeAPIRefusesWhatBrowsersSend() {
        let host = ("Host", "127.0.0.1:3001")
        #expect(invoke.refusal(for: head([host, ("Origin", "http://evil.example")]), port: 3001)?.contains("Origin") == true)
        #expect(invoke.refusal(for: head([host, ("Origin", "null")]), port: 3001) != nil)
        for type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/html"] {
            #expect(invoke.refusal(for: head([host, ("Content-Type", type)]), port: 3001)?.contains("Content-Type") == true)
        }
        for type in ["application/json", "Application/JSON; charset=utf-8", "application/octet-stream", "binary/octet-stream",
            "application/x-amz-json-1.1"]
        {
            #expect(invoke.refusal(for: head([host, ("Content-Type", type)]), port: 3001) == nil)
        }
        #expect(invoke.refusal(for: head([host]), port: 3001) == nil)  // botocore sends no type with a blob
    }

    @Test func theAPIFrontServesBrowsersUnderItsOwnName() {
        let headers = [("Host", "localhost:3000"), ("Origin", "http://localhost:8080"), ("Content-Type", "text/plain")]
        #expect(api.refusal(for: head(headers), port: 3000) == nil)
        #expect(api.refusal(for: head([("Host", "evil.example:3000"), ("Origin", "http://evil.example")]), port: 3000) != nil)
    }

    @Test func hostsSplitIntoNameAndPort() {
        #expect(CallerCheck.split("Example.COM:8080")! == ("example.com", 8080))
        #expect(CallerCheck.split("[::1]:3001")! == ("[::1]", 3001))
        #expect(CallerCheck.split("[::1]")! == ("[::1]", 80))
        #expect(CallerCheck.split("example.com")! == ("example.com", 80))
        #expect(CallerCheck.split("a:b") == nil)
        #expect(CallerCheck.split("") == nil)
    }
}
