/// The status line and headers of one HTTP/1.1 response from the Runtime API.
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
    /// Header fields in arrival order, names as sent.
    var headers: [(name: String, value: String)]
    var framing: Framing
    /// The server will close the connection after this response.
    var closesConnection: Bool

    /// The first value of a header, matched case-insensitively.
    /// - Parameter lowercasedName: The header name in lower case.
    func value(_ lowercasedName: String) -> String? {
        for header in headers where header.name.utf8.count == lowercasedName.utf8.count {
            if header.name.lowercased() == lowercasedName { return header.value }
        }
        return nil
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.status == rhs.status && lhs.framing == rhs.framing && lhs.closesConnection == rhs.closesConnection
            && lhs.headers.elementsEqual(rhs.headers) { $0.name == $1.name && $0.value == $1.value }
    }
}
