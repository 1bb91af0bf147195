#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import FoundationEssentials

/// One keep-alive HTTP/1.1 connection: writes requests, reads complete responses.
///
/// Responses are framed by Content-Length, chunked transfer coding or connection close. Bytes the peer sends
/// beyond a response are kept for the next one.
final class HTTPConnection<Stream: ByteStream> {
    /// A full response.
    struct Response {
        var head: HTTPResponseHead
        var body: Data
    }

    /// Raised when the peer closed the connection before sending any byte of a response, the sign of a stale
    /// keep-alive connection: the request can be retried on a new connection.
    struct ClosedBeforeResponse: Error {}

    let stream: Stream
    private var buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    /// False once the peer has closed or announced `Connection: close`.
    private(set) var isReusable = true

    init(stream: Stream, bufferSize: Int = 64 * 1024) {
        self.stream = stream
        buffer = .allocate(byteCount: max(bufferSize, HTTPHeadParser.maxHeadBytes + 4), alignment: 1)
    }

    deinit {
        stream.close()
        buffer.deallocate()
    }

    /// Sends a request and reads its response.
    /// - Parameters:
    ///   - head: The request line and headers, ending with the blank line.
    ///   - body: The request body, sent in the same write as the head (callers put small bodies in `head`).
    ///   - keepingSuccessBody: False to read past a 2xx response's body without keeping it (the runtime's
    ///     posts need only the status); other responses keep theirs.
    func exchange(head: [UInt8], body: UnsafeRawBufferPointer?, keepingSuccessBody: Bool = true) throws -> Response {
        try head.withUnsafeBytes { try stream.write($0, body) }
        return try readResponse(keepingSuccessBody: keepingSuccessBody)
    }

    /// Reads one complete response.
    /// - Parameter keepingSuccessBody: False to drop the Content-Length body of a 2xx response.
    func readResponse(keepingSuccessBody: Bool = true) throws -> Response {
        let head = try readHead()
        let body: Data
        switch head.framing {
        case .none: body = Data()
        case .length(let length) where !keepingSuccessBody && (200..<300).contains(head.status):
            try skipBody(length: length)
            body = Data()
        case .length(let length): body = try readBody(length: length)
        case .chunked: body = try readChunkedBody()
        case .untilClose: body = try readUntilClose()
        }
        if head.closesConnection { isReusable = false }
        return Response(head: head, body: body)
    }

    // MARK: Head

    private func readHead() throws -> HTTPResponseHead {
        var searchFrom = start
        while true {
            if let headEnd = findHeadEnd(from: searchFrom) {
                let head = try HTTPHeadParser.parse(UnsafeRawBufferPointer(rebasing: buffer[start..<headEnd]))
                start = headEnd + 4
                return head
            }
            let scannedOffset = max(0, end - start - 3)
            guard end - start < HTTPHeadParser.maxHeadBytes else {
                throw HTTPHeadParser.protocolError("response head larger than \(HTTPHeadParser.maxHeadBytes) bytes")
            }
            let wasEmpty = start == end
            if try fill() == 0 {
                isReusable = false
                if wasEmpty { throw ClosedBeforeResponse() }
                throw LambdaRuntimeError.runtimeAPIUnreachable("the Runtime API closed the connection mid-response")
            }
            searchFrom = start + scannedOffset
        }
    }

    private func findHeadEnd(from: Int) -> Int? {
        // memchr is vectorised in libc; candidates are rare (one per header line).
        let base = buffer.baseAddress!
        var index = from
        while end - index >= 4, let found = memchr(base + index, 0x0D, end - index - 3) {
            index = base.distance(to: UnsafeMutableRawPointer(found))
            if buffer[index + 1] == 0x0A && buffer[index + 2] == 0x0D && buffer[index + 3] == 0x0A { return index }
            index += 1
        }
        return nil
    }

    /// Reads more bytes after `end`, compacting first; returns 0 at end of stream.
    private func fill() throws -> Int {
        if start == end {
            start = 0
            end = 0
        } else if end == buffer.count {
            let count = end - start
            if start > 0 {
                buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: count)
            }
            start = 0
            end = count
        }
        let count = try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
        end += count
        return count
    }

    // MARK: Bodies

    private func readBody(length: Int) throws -> Data {
        if end - start >= length {
            // The usual case: the whole body came with the head.
            let body = Data(bytes: buffer.baseAddress! + start, count: length)
            start += length
            return body
        }
        var body = Data(count: length)
        var filled = min(length, end - start)
        body.withUnsafeMutableBytes { target in
            if filled > 0 {
                target.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: filled)
            }
        }
        start += filled
        while filled < length {
            let count = try body.withUnsafeMutableBytes { target in
                try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: target[filled...]))
            }
            guard count > 0 else {
                isReusable = false
                throw LambdaRuntimeError.runtimeAPIUnreachable(
                    "the Runtime API closed the connection after \(filled) of \(length) body bytes")
            }
            filled += count
        }
        return body
    }

    /// Reads past `length` body bytes without keeping them.
    private func skipBody(length: Int) throws {
        var remaining = length
        while true {
            let available = min(remaining, end - start)
            start += available
            remaining -= available
            if remaining == 0 { return }
            if try fill() == 0 {
                isReusable = false
                throw LambdaRuntimeError.runtimeAPIUnreachable(
                    "the Runtime API closed the connection after \(length - remaining) of \(length) body bytes")
            }
        }
    }

    private func readChunkedBody() throws -> Data {
        var body = Data()
        while true {
            let line = try readLine(purpose: "chunk size")
            let size = try parseChunkSize(line)
            if size == 0 { break }
            guard body.count + size <= HTTPHeadParser.maxBodyBytes else {
                throw HTTPHeadParser.protocolError("chunked body exceeds the \(HTTPHeadParser.maxBodyBytes)-byte limit")
            }
            var remaining = size
            while remaining > 0 {
                if start == end, try fill() == 0 { throw truncated() }
                let count = min(remaining, end - start)
                body.append(UnsafeRawBufferPointer(rebasing: buffer[start..<(start + count)]).assumingMemoryBound(to: UInt8.self))
                start += count
                remaining -= count
            }
            let terminator = try readLine(purpose: "chunk terminator")
            guard terminator.isEmpty else { throw HTTPHeadParser.protocolError("chunk data longer than its size") }
        }
        // Trailer fields, validated and dropped, up to the blank line.
        var trailerBytes = 0
        while true {
            let trailer = try readLine(purpose: "trailer")
            if trailer.isEmpty { break }
            trailerBytes += trailer.count
            guard trailerBytes <= HTTPHeadParser.maxHeadBytes,
                let colon = trailer.firstIndex(of: UInt8(ascii: ":")), colon > 0,
                trailer[..<colon].allSatisfy(HTTPByteClasses.isTokenByte),
                trailer[(colon + 1)...].allSatisfy(HTTPByteClasses.isFieldValueByte)
            else { throw HTTPHeadParser.protocolError("malformed trailer field") }
        }
        return body
    }

    private func readUntilClose() throws -> Data {
        var body = Data()
        while true {
            if start < end {
                body.append(UnsafeRawBufferPointer(rebasing: buffer[start..<end]).assumingMemoryBound(to: UInt8.self))
                start = end
            }
            guard body.count <= HTTPHeadParser.maxBodyBytes else {
                throw HTTPHeadParser.protocolError("body exceeds the \(HTTPHeadParser.maxBodyBytes)-byte limit")
            }
            if try fill() == 0 { break }
        }
        isReusable = false
        return body
    }

    /// Reads a CRLF-terminated line (without the CRLF) of at most 4 KiB.
    private func readLine(purpose: String) throws -> [UInt8] {
        var scanned = start
        while true {
            while scanned < end {
                if buffer[scanned] == 0x0A { throw HTTPHeadParser.protocolError("bare LF in \(purpose)") }
                if buffer[scanned] == 0x0D {
                    if scanned + 1 == end { break }
                    guard buffer[scanned + 1] == 0x0A else { throw HTTPHeadParser.protocolError("bare CR in \(purpose)") }
                    let line = Array(UnsafeRawBufferPointer(rebasing: buffer[start..<scanned]))
                    start = scanned + 2
                    return line
                }
                scanned += 1
            }
            guard scanned - start < 4096 else { throw HTTPHeadParser.protocolError("\(purpose) line too long") }
            let offset = scanned - start
            if try fill() == 0 { throw truncated() }
            scanned = start + offset
        }
    }

    private func parseChunkSize(_ line: [UInt8]) throws -> Int {
        let digits = line.prefix { $0 != UInt8(ascii: ";") }
        guard !digits.isEmpty, digits.count <= 8 else { throw HTTPHeadParser.protocolError("invalid chunk size") }
        var size = 0
        for byte in digits {
            let value: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = Int(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = Int(byte - UInt8(ascii: "A")) + 10
            default: throw HTTPHeadParser.protocolError("invalid chunk size")
            }
            size = size * 16 + value
        }
        return size
    }

    private func truncated() -> LambdaRuntimeError {
        isReusable = false
        return .runtimeAPIUnreachable("the Runtime API closed the connection mid-body")
    }
}
