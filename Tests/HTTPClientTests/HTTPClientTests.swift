import Foundation
import HTTPClient
import Testing
import TestServers

@Suite("HTTPClient against a loopback server")
struct HTTPClientTests {
    // One server for the whole suite; it exits when the test process does (its stdin closes).
    static let server = Result { try ServerProcess(script: "http_test_server.py") }
    let base: String

    init() throws {
        base = "http://127.0.0.1:\(try Self.server.get().port())"
    }

    private func echo(_ response: HTTPResponse) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
    }

    private func header(_ name: String, in echo: [String: Any]) -> [String] {
        (echo["headers"] as! [[String]]).filter { $0[0].lowercased() == name.lowercased() }.map { $0[1] }
    }

    @Test func sendsMethodHeadersAndBody() throws {
        let client = HTTPClient()
        let body = Array("a\u{0}binary\u{FF} body".utf8)
        let request = HTTPRequest(
            method: .put, url: "\(base)/echo?x=%2B%20y",
            headers: ["X-Custom": "one", "Content-Type": "application/octet-stream", "X-Empty": ""],
            body: body)
        let response = try client.executeBlocking(request)
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "application/json")
        let echoed = try echo(response)
        #expect(echoed["method"] as? String == "PUT")
        #expect(echoed["path"] as? String == "/echo?x=%2B%20y")
        #expect(header("X-Custom", in: echoed) == ["one"])
        #expect(header("X-Empty", in: echoed) == [""])
        #expect(header("Content-Type", in: echoed) == ["application/octet-stream"])
        #expect(header("Expect", in: echoed).isEmpty)
        #expect(Data(base64Encoded: echoed["body"] as! String) == Data(body))
    }

    @Test func bodyWithoutContentTypeIsNotLabelledAForm() throws {
        let response = try HTTPClient().executeBlocking(
            HTTPRequest(method: .post, url: "\(base)/echo", body: Array(repeating: 65, count: 200_000)))
        let echoed = try echo(response)
        #expect(header("Content-Type", in: echoed).isEmpty)
        #expect(header("Content-Length", in: echoed) == ["200000"])
        #expect(Data(base64Encoded: echoed["body"] as! String)?.count == 200_000)
    }

    @Test func emptyPutSendsContentLengthZero() throws {
        let echoed = try echo(try HTTPClient().executeBlocking(HTTPRequest(method: .put, url: "\(base)/echo")))
        #expect(echoed["method"] as? String == "PUT")
        #expect(header("Content-Length", in: echoed) == ["0"])
    }

    @Test func deleteAndHead() throws {
        let client = HTTPClient()
        let deleted = try echo(try client.executeBlocking(HTTPRequest(method: .delete, url: "\(base)/echo")))
        #expect(deleted["method"] as? String == "DELETE")
        let head = try client.executeBlocking(HTTPRequest(method: .head, url: "\(base)/bytes?n=100"))
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.headers["Content-Length"] == "100")
    }

    @Test func errorStatusesAreResponses() throws {
        let response = try HTTPClient().executeBlocking(HTTPRequest(url: "\(base)/status?code=503"))
        #expect(response.status == 503)
        #expect(!response.isSuccess)
        #expect(String(decoding: response.body, as: UTF8.self) == "status body")
    }

    @Test func reusesConnections() throws {
        let client = HTTPClient()
        let first = try echo(try client.executeBlocking(HTTPRequest(url: "\(base)/echo")))
        let second = try echo(try client.executeBlocking(HTTPRequest(url: "\(base)/echo")))
        #expect(first["clientPort"] as? Int == second["clientPort"] as? Int)
    }

    @Test(arguments: [false, true])
    func sizeCapAbortsTheTransfer(chunked: Bool) throws {
        let client = HTTPClient(configuration: .init(maxResponseBodySize: 10_000))
        let suffix = chunked ? "&chunked=1" : ""
        let fits = try client.executeBlocking(HTTPRequest(url: "\(base)/bytes?n=10000\(suffix)"))
        #expect(fits.body.count == 10_000)
        #expect(throws: HTTPClientError.responseTooLarge) {
            try client.executeBlocking(HTTPRequest(url: "\(base)/bytes?n=10001\(suffix)"))
        }
    }

    @Test func redirectsAreNotFollowedByDefault() throws {
        let response = try HTTPClient().executeBlocking(HTTPRequest(url: "\(base)/redirect?n=1"))
        #expect(response.status == 302)
        #expect(response.headers["Location"] == "/redirect?n=0")
    }

    @Test func redirectsFollowedUpToTheLimit() throws {
        let client = HTTPClient(configuration: .init(redirects: .follow(max: 3)))
        let response = try client.executeBlocking(HTTPRequest(url: "\(base)/redirect?n=3"))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "done")
        #expect(response.url == "\(base)/redirect?n=0")
        #expect(response.headers["Location"] == nil)
        #expect(throws: HTTPClientError.tooManyRedirects) {
            try client.executeBlocking(HTTPRequest(url: "\(base)/redirect?n=4"))
        }
    }

    @Test(arguments: ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/"])
    func redirectsToOtherSchemesAreRefused(target: String) throws {
        let client = HTTPClient(configuration: .init(redirects: .follow(max: 5)))
        let encoded = target.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        #expect(throws: HTTPClientError.unsupportedScheme) {
            try client.executeBlocking(HTTPRequest(url: "\(base)/redirect-to?location=\(encoded)"))
        }
    }

    @Test(arguments: ["file:///etc/passwd", "ftp://example.com/", "FILE:///etc/hosts"])
    func otherSchemesAreRefused(url: String) {
        #expect(throws: HTTPClientError.unsupportedScheme) {
            try HTTPClient().executeBlocking(HTTPRequest(url: url))
        }
    }

    @Test(arguments: ["", "example.com/x", "/relative", "http://127.0.0.1/a b", "http://127.0.0.1/\n"])
    func malformedURLsAreRefused(url: String) {
        #expect(throws: HTTPClientError.invalidURL) {
            try HTTPClient().executeBlocking(HTTPRequest(url: url))
        }
    }

    @Test(arguments: [("X-Bad", "a\r\nInjected: yes"), ("Bad Name", "v"), ("", "v"), ("X:Y", "v")])
    func headerInjectionIsRefused(name: String, value: String) {
        #expect(throws: HTTPClientError.invalidHeader) {
            try HTTPClient().executeBlocking(HTTPRequest(url: "\(base)/echo", headers: HTTPHeaders([(name, value)])))
        }
    }

    @Test func timeoutIsReported() throws {
        let client = HTTPClient(configuration: .init(timeout: .milliseconds(200)))
        let error = #expect(throws: HTTPClientError.timedOut) {
            try client.executeBlocking(HTTPRequest(url: "\(base)/slow?ms=3000"))
        }
        #expect(error?.isTransient == true)
    }

    @Test func connectionClosedWithoutAnswerIsAConnectionFailure() {
        let error = #expect(throws: HTTPClientError.connectionFailed) {
            try HTTPClient().executeBlocking(HTTPRequest(url: "\(base)/reset"))
        }
        #expect(error?.isTransient == true)
    }

    @Test func refusedConnectionIsAConnectionFailure() throws {
        // Port 1 on loopback has no listener on a test machine.
        #expect(throws: HTTPClientError.connectionFailed) {
            try HTTPClient().executeBlocking(HTTPRequest(url: "http://127.0.0.1:1/"))
        }
    }

    @Test func concurrentAsyncCallsFromManyTasks() async throws {
        let client = HTTPClient()
        let base = self.base
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<32 {
                group.addTask {
                    let response = try await client.execute(HTTPRequest(url: "\(base)/bytes?n=\(index * 100)"))
                    #expect(response.body.count == index * 100)
                    return response.status
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 32))
    }

    @Test func asyncCallsRunSideBySide() async throws {
        // The server answers only once eight of these requests are in flight together.
        let client = HTTPClient()
        let base = self.base
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask { try await client.execute(HTTPRequest(url: "\(base)/barrier?n=8")).status }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 8))
    }
}

@Suite("HTTPHeaders")
struct HTTPHeadersTests {
    @Test func lookupIgnoresCaseAndKeepsOrder() {
        var headers: HTTPHeaders = ["A": "1", "b": "2", "a": "3"]
        #expect(headers["a"] == "1")
        #expect(headers.values(for: "A") == ["1", "3"])
        headers["A"] = "x"
        #expect(headers.fields.map(\.name) == ["A", "b"])
        #expect(headers["a"] == "x")
        headers["B"] = nil
        #expect(!headers.contains("b"))
        headers.add(name: "c", value: "4")
        #expect(headers.fields.map(\.value) == ["x", "4"])
    }
}
