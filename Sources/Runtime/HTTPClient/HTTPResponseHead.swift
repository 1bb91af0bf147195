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
    var invocationID: String?

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
        // The length picks the one or two names to compare.
        switch rest.count {
        case 14:
            if asciiCaseInsensitiveEquals(rest, "aws-request-id") { return keep(&requestID) }
            if asciiCaseInsensitiveEquals(rest, "client-context") { return keep(&clientContext) }
        case 11 where asciiCaseInsensitiveEquals(rest, "deadline-ms"): return keep(&deadline)
        case 20 where asciiCaseInsensitiveEquals(rest, "invoked-function-arn"): return keep(&invokedFunctionARN)
        case 8 where asciiCaseInsensitiveEquals(rest, "trace-id"): return keep(&traceID)
        case 16 where asciiCaseInsensitiveEquals(rest, "cognito-identity"): return keep(&cognitoIdentity)
        case 13:
            if asciiCaseInsensitiveEquals(rest, "invocation-id") { return keep(&invocationID) }
            if asciiCaseInsensitiveEquals(rest, "aws-tenant-id") { return keep(&tenantID) }
        default: break
        }
        return false
    }
}
