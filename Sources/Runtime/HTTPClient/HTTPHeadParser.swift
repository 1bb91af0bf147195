#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A strict parser for an HTTP/1.1 response head (status line and header fields, without the blank line).
///
/// Strict on purpose: the Runtime API is a known peer on loopback, so anything outside RFC 9112's grammar
/// (bare LF, obsolete line folding, conflicting or malformed lengths, unknown transfer codings) is an error,
/// never a guess.
enum HTTPHeadParser {
    /// Limits that bound memory whatever the peer sends.
    static let maxHeadBytes = 64 * 1024
    static let maxHeaderCount = 128
    /// Larger than any payload Lambda accepts (6 MB sync, 1 MB async) with room for emulators.
    static let maxBodyBytes = 32 * 1024 * 1024

    /// Parses `head`, the bytes before the `CRLF CRLF` that ends it.
    /// - Throws: ``LambdaRuntimeError`` `runtimeAPIProtocol` naming the first violation.
    static func parse(_ head: UnsafeRawBufferPointer) throws -> HTTPResponseHead {
        var lines = LineIterator(bytes: head)
        guard let statusLine = try lines.next() else { throw protocolError("empty response head") }
        let (version, status) = try parseStatusLine(statusLine)

        var result = HTTPResponseHead(status: status, framing: .none, closesConnection: version == 0)
        var fieldCount = 0
        var contentLength: Int?
        var chunked = false
        var connectionKeepAlive = false
        while let line = try lines.next() {
            fieldCount += 1
            guard fieldCount <= maxHeaderCount else { throw protocolError("more than \(maxHeaderCount) header fields") }
            let (name, value) = try splitField(line)
            // Names are matched before they are validated: a known name is a valid token.
            if result.lambda.store(name: name, value: value) {
                continue
            } else if asciiCaseInsensitiveEquals(name, "content-length") {
                let length = try parseContentLength(value)
                if let previous = contentLength, previous != length {
                    throw protocolError("conflicting Content-Length values \(previous) and \(length)")
                }
                contentLength = length
            } else if asciiCaseInsensitiveEquals(name, "transfer-encoding") {
                guard asciiCaseInsensitiveEquals(value, "chunked"), !chunked else {
                    throw protocolError("unsupported Transfer-Encoding '\(printable(value))'")
                }
                chunked = true
            } else if asciiCaseInsensitiveEquals(name, "connection") {
                for token in String(decoding: value, as: UTF8.self).split(separator: ",") {
                    let option = token.trimmingSpaces.lowercased()
                    if option == "close" { result.closesConnection = true }
                    if option == "keep-alive" { connectionKeepAlive = true }
                }
            } else if !HTTPByteClasses.isToken(name) {
                throw protocolError("invalid character in header name '\(printable(name))'")
            }
        }
        if chunked && contentLength != nil {
            throw protocolError("both Content-Length and Transfer-Encoding are set")
        }
        if version == 0 && connectionKeepAlive && !chunked { result.closesConnection = false }

        if status < 200 || status == 204 || status == 304 {
            result.framing = .none
        } else if chunked {
            result.framing = .chunked
        } else if let contentLength {
            result.framing = .length(contentLength)
        } else {
            result.framing = .untilClose
            result.closesConnection = true
        }
        return result
    }

    /// Returns the minor version (0 or 1) and the status code.
    private static func parseStatusLine(_ line: UnsafeRawBufferPointer) throws -> (Int, Int) {
        let prefix: StaticString = "HTTP/1."
        guard line.count >= 12, memcmp(line.baseAddress!, prefix.utf8Start, prefix.utf8CodeUnitCount) == 0,
            line[7] == UInt8(ascii: "0") || line[7] == UInt8(ascii: "1"), line[8] == UInt8(ascii: " ")
        else { throw protocolError("malformed status line '\(printable(line))'") }
        var status = 0
        for index in 9..<12 {
            let byte = line[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                throw protocolError("malformed status code in '\(printable(line))'")
            }
            status = status * 10 + Int(byte - UInt8(ascii: "0"))
        }
        guard status >= 100 else { throw protocolError("status code \(status) out of range") }
        if line.count > 12 {
            guard line[12] == UInt8(ascii: " ") else { throw protocolError("malformed status line '\(printable(line))'") }
            guard HTTPByteClasses.isFieldValue(UnsafeRawBufferPointer(rebasing: line[13...])) else {
                throw protocolError("control character in the reason phrase")
            }
        }
        return (Int(line[7] - UInt8(ascii: "0")), status)
    }

    /// Splits a field line into name and value (value without surrounding whitespace), validating the value;
    /// the caller validates the name unless it is one it knows.
    private static func splitField(_ line: UnsafeRawBufferPointer) throws -> (UnsafeRawBufferPointer, UnsafeRawBufferPointer) {
        guard let base = line.baseAddress, let first = line.first else { throw protocolError("empty header line") }
        if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            throw protocolError("obsolete line folding in the header section")
        }
        guard let colonPointer = memchr(base, Int32(UInt8(ascii: ":")), line.count) else {
            throw protocolError("header line without a name and colon: '\(printable(line))'")
        }
        let colon = base.distance(to: UnsafeRawPointer(colonPointer))
        guard colon > 0 else { throw protocolError("header line without a name and colon: '\(printable(line))'") }
        let name = UnsafeRawBufferPointer(start: base, count: colon)
        var start = colon + 1
        var end = line.count
        while start < end, line[start] == UInt8(ascii: " ") || line[start] == UInt8(ascii: "\t") { start += 1 }
        while end > start, line[end - 1] == UInt8(ascii: " ") || line[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        let value = UnsafeRawBufferPointer(start: base + start, count: end - start)
        guard HTTPByteClasses.isFieldValue(value) else { throw protocolError("control character in a header value") }
        return (name, value)
    }

    private static func parseContentLength(_ value: UnsafeRawBufferPointer) throws -> Int {
        guard !value.isEmpty, value.count <= 10, value.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw protocolError("invalid Content-Length '\(printable(value))'")
        }
        let length = value.reduce(0) { $0 * 10 + Int($1 - 48) }
        guard length <= maxBodyBytes else {
            throw protocolError("Content-Length \(length) exceeds the \(maxBodyBytes)-byte limit")
        }
        return length
    }

    static func protocolError(_ detail: String) -> LambdaRuntimeError {
        .runtimeAPIProtocol(detail)
    }

    static func printable(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes.prefix(80).map { HTTPByteClasses.isFieldValueByte($0) ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
    }

    /// Splits a head into CRLF-terminated lines; a bare CR or LF is an error. `memchr` finds the line ends,
    /// so a line costs two vectorised scans rather than a byte loop.
    private struct LineIterator {
        let bytes: UnsafeRawBufferPointer
        var position = 0

        mutating func next() throws -> UnsafeRawBufferPointer? {
            guard position < bytes.count, let base = bytes.baseAddress else { return nil }
            let remaining = bytes.count - position
            let end: Int
            if let cr = memchr(base + position, 0x0D, remaining) {
                end = base.distance(to: UnsafeRawPointer(cr))
                guard end + 1 < bytes.count, bytes[end + 1] == 0x0A else {
                    throw HTTPHeadParser.protocolError("bare CR in the response head")
                }
            } else {
                end = bytes.count
            }
            if memchr(base + position, 0x0A, end - position) != nil {
                throw HTTPHeadParser.protocolError("bare LF in the response head")
            }
            let line = UnsafeRawBufferPointer(rebasing: bytes[position..<end])
            position = min(end + 2, bytes.count)
            return line
        }
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var result = self
        while result.first == " " || result.first == "\t" { result.removeFirst() }
        while result.last == " " || result.last == "\t" { result.removeLast() }
        return result
    }
}
