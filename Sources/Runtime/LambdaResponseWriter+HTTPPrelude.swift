/// The status, headers and cookies of a streamed Function URL or API Gateway response, which Lambda reads from a
/// JSON prelude before the body.
public struct StreamingHTTPResponseHead: Sendable, Equatable {
    /// The HTTP status code.
    public var statusCode: Int
    /// Response headers.
    public var headers: [String: String]
    /// `Set-Cookie` values.
    public var cookies: [String]

    /// Creates a response head.
    public init(statusCode: Int = 200, headers: [String: String] = [:], cookies: [String] = []) {
        self.statusCode = statusCode
        self.headers = headers
        self.cookies = cookies
    }

    /// `{"statusCode":…,"headers":{…},"cookies":[…]}` followed by Lambda's 8-NUL separator.
    var prelude: [UInt8] {
        var out = Array(#"{"statusCode":"#.utf8)
        RuntimeAPIClient.appendDecimal(statusCode, to: &out)
        out.append(contentsOf: #","headers":{"#.utf8)
        for (index, (name, value)) in headers.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONText.appendQuoted(name, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONText.appendQuoted(value, to: &out)
        }
        out.append(contentsOf: #"},"cookies":["#.utf8)
        for (index, cookie) in cookies.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONText.appendQuoted(cookie, to: &out)
        }
        out.append(contentsOf: "]}".utf8)
        out.append(contentsOf: repeatElement(0, count: 8))
        return out
    }
}

extension LambdaResponseWriter {
    /// The content type that tells Lambda the stream starts with an HTTP prelude.
    public static let httpIntegrationContentType = "application/vnd.awslambda.http-integration-response"

    /// Starts a Function URL / API Gateway streamed response with its status, headers and cookies.
    ///
    /// Must come first: it sets the content type Lambda needs and writes the prelude; the body follows with
    /// `write`.
    /// - Parameter head: Status, headers and cookies.
    /// - Throws: ``LambdaRuntimeError`` `streamMisuse` after the first byte, or what `write` throws.
    public func writeHTTPResponseHead(_ head: StreamingHTTPResponseHead) async throws {
        guard (100...599).contains(head.statusCode) else {
            throw LambdaRuntimeError.streamMisuse("status code \(head.statusCode) is not between 100 and 599")
        }
        guard !hasStarted else {
            throw LambdaRuntimeError.streamMisuse("the HTTP response head must be written before any other byte")
        }
        let prelude = head.prelude
        // Lambda reads the prelude from the first 16 KB of the stream.
        guard prelude.count <= 16 * 1024 else {
            throw LambdaRuntimeError.streamMisuse("the HTTP response head is \(prelude.count) bytes; Lambda reads at most 16 KB")
        }
        try setContentType(Self.httpIntegrationContentType)
        try await write(prelude)
    }
}
