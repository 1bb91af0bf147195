/// The status line and framing of one HTTP/1.1 response from the Runtime API, and the `Lambda-Runtime-*`
/// headers the runtime reads. Other header fields are validated and dropped: the client needs nothing else.
struct HTTPResponseHead: Sendable, Equatable {
    /// How the body that follows the head is delimited.
    enum Framing: Sendable, Equatable {
        /// No body (1xx, 204, 304).
        case none
        /// Exactly this many bytes.
        case length(Int)
        /// `Transfer-Encoding: chunked`.
        case chunked
        /// Everything until the peer closes the connection.
        case untilClose
    }

    var status: Int
    var framing: Framing
    /// The server will close the connection after this response.
    var closesConnection: Bool
    /// The `Lambda-Runtime-*` headers; the first occurrence of each wins.
    var lambda = LambdaHeaders()
}

/// The `Lambda-Runtime-*` headers of a `GET next` response.
struct LambdaHeaders: Sendable, Equatable {
    var requestID: String?
    var deadline: String?
    var invokedFunctionARN: String?
    var traceID: String?
    var clientContext: String?
    var cognitoIdentity: String?
    var tenantID: String?

    /// Stores `value` if `name` is one of these headers (matched ignoring ASCII case, without allocating).
    /// - Returns: Whether the name was a `Lambda-Runtime-*` header this type keeps.
    mutating func store(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) -> Bool {
        let prefix: StaticString = "lambda-runtime-"
        guard name.count > prefix.utf8CodeUnitCount,
            asciiCaseInsensitiveEquals(UnsafeRawBufferPointer(rebasing: name[..<prefix.utf8CodeUnitCount]), prefix)
        else { return false }
        let rest = UnsafeRawBufferPointer(rebasing: name[prefix.utf8CodeUnitCount...])
        func keep(_ field: inout String?) -> Bool {
            if field == nil { field = String(decoding: value, as: UTF8.self) }
            return true
        }
        if asciiCaseInsensitiveEquals(rest, "aws-request-id") { return keep(&requestID) }
        if asciiCaseInsensitiveEquals(rest, "deadline-ms") { return keep(&deadline) }
        if asciiCaseInsensitiveEquals(rest, "invoked-function-arn") { return keep(&invokedFunctionARN) }
        if asciiCaseInsensitiveEquals(rest, "trace-id") { return keep(&traceID) }
        if asciiCaseInsensitiveEquals(rest, "client-context") { return keep(&clientContext) }
        if asciiCaseInsensitiveEquals(rest, "cognito-identity") { return keep(&cognitoIdentity) }
        if asciiCaseInsensitiveEquals(rest, "aws-tenant-id") { return keep(&tenantID) }
        return false
    }
}

/// Compares `bytes` with `lowercased` (a lower-case literal), ignoring ASCII case in `bytes`.
@inline(__always)
func asciiCaseInsensitiveEquals(_ bytes: UnsafeRawBufferPointer, _ lowercased: StaticString) -> Bool {
    guard bytes.count == lowercased.utf8CodeUnitCount else { return false }
    let expected = lowercased.utf8Start
    for index in 0..<bytes.count {
        var byte = bytes[index]
        if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
        if byte != expected[index] { return false }
    }
    return true
}
