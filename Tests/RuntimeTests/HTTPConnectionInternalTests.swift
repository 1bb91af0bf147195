import FoundationEssentials
import Testing
import TestSupport
@testable import LambdaRuntime

/// A stream that serves scripted bytes in fixed-size pieces and records what was written.
final class ScriptedStream: ByteStream {
    var input: [UInt8]
    let pieceSize: Int
    var written: [UInt8] = []
    var closed = false

    init(_ input: String, pieceSize: Int = .max) {
        self.input = Array(input.utf8)
        self.pieceSize = pieceSize
    }

    func write(_ head: UnsafeRawBufferPointer, _ body: UnsafeRawBufferPointer?) throws {
        written.append(contentsOf: head)
        if let body { written.append(contentsOf: body) }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, pieceSize, input.count)
        for index in 0..<count { buffer[index] = input[index] }
        input.removeFirst(count)
        return count
    }

    func close() { closed = true }
}

@Suite struct HTTPConnectionInternalTests {
    static let twoResponses = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nLambda-Runtime-Aws-Request-Id: a\r\n\r\nhello"
        + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\nA\r\n0123456789\r\n0\r\nTrailer-One: x\r\n\r\n"

    @Test(arguments: [1, 2, 3, 7, 64, 100_000])
    func readsPipelinedResponsesWhateverThePieceSize(pieceSize: Int) throws {
        let connection = HTTPConnection(stream: ScriptedStream(Self.twoResponses, pieceSize: pieceSize), bufferSize: 16)
        let first = try connection.readResponse()
        #expect(first.head.lambda.requestID == "a")
        #expect(String(decoding: first.body, as: UTF8.self) == "hello")
        let second = try connection.readResponse()
        #expect(String(decoding: second.body, as: UTF8.self) == "abc0123456789")
        #expect(connection.isReusable)
    }

    @Test func readsUntilCloseWithoutLength() throws {
        let connection = HTTPConnection(stream: ScriptedStream("HTTP/1.1 200 OK\r\n\r\nall of it", pieceSize: 4))
        let response = try connection.readResponse()
        #expect(String(decoding: response.body, as: UTF8.self) == "all of it")
        #expect(!connection.isReusable)
    }

    @Test func sendsHeadAndBodyTogether() throws {
        let stream = ScriptedStream("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n")
        let connection = HTTPConnection(stream: stream)
        let body = Array("payload".utf8)
        let response = try body.withUnsafeBytes { try connection.exchange(head: Array("POST /x HTTP/1.1\r\n\r\n".utf8), body: $0) }
        #expect(response.head.status == 202)
        #expect(String(decoding: stream.written, as: UTF8.self) == "POST /x HTTP/1.1\r\n\r\npayload")
    }

    /// Posts drop a 2xx body without keeping it, whatever pieces it arrives in, and the next response still
    /// parses; a 4xx body is kept for the error message.
    @Test(arguments: [1, 3, 16, 100_000])
    func skipsSuccessBodiesButKeepsErrorBodies(pieceSize: Int) throws {
        let script = "HTTP/1.1 202 Accepted\r\nContent-Length: 16\r\n\r\n{\"status\":\"OK\"}\n"
            + "HTTP/1.1 400 Bad Request\r\nContent-Length: 11\r\n\r\nstale id 42"
            + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
        let connection = HTTPConnection(stream: ScriptedStream(script, pieceSize: pieceSize), bufferSize: 16)
        let accepted = try connection.readResponse(keepingSuccessBody: false)
        #expect(accepted.head.status == 202)
        #expect(accepted.body.isEmpty)
        let rejected = try connection.readResponse(keepingSuccessBody: false)
        #expect(rejected.head.status == 400)
        #expect(String(decoding: rejected.body, as: UTF8.self) == "stale id 42")
        let next = try connection.readResponse()
        #expect(String(decoding: next.body, as: UTF8.self) == "hello")
        #expect(connection.isReusable)
    }

    @Test func aSkippedBodyCutShortIsAnError() {
        let connection = HTTPConnection(stream: ScriptedStream("HTTP/1.1 202 Accepted\r\nContent-Length: 10\r\n\r\nshort", pieceSize: 2))
        #expect { try connection.readResponse(keepingSuccessBody: false) } throws: { error in
            "\(error)".contains("after 5 of 10 body bytes")
        }
        #expect(!connection.isReusable)
    }

    @Test func closedBeforeAnyByteIsReportedAsStale() {
        let connection = HTTPConnection(stream: ScriptedStream(""))
        #expect(throws: HTTPConnection<ScriptedStream>.ClosedBeforeResponse.self) { try connection.readResponse() }
    }

    @Test(arguments: [
        ("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", "after 5 of 10 body bytes"),
        ("HTTP/1.1 200 OK\r\nContent", "mid-response"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "invalid chunk size"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n123456789\r\n", "invalid chunk size"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", "chunk data longer than its size"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", "mid-body"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nbad trailer\r\n\r\n", "malformed trailer"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc", "bare LF in chunk size"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1000000\r\n", "mid-body"),
    ])
    func rejectsBrokenBodies(input: String, expected: String) {
        let connection = HTTPConnection(stream: ScriptedStream(input, pieceSize: 3))
        do {
            _ = try connection.readResponse()
            Issue.record("no error for \(input.debugDescription)")
        } catch {
            #expect("\(error)".contains(expected), "\(input.debugDescription) gave \(error)")
        }
    }

    @Test func rejectsAnEndlessHead() {
        let connection = HTTPConnection(stream: ScriptedStream("HTTP/1.1 200 OK\r\n" + String(repeating: "X-A: b\r\n", count: 20_000)))
        #expect(throws: LambdaRuntimeError.self) { try connection.readResponse() }
    }

    @Test func rejectsAnOversizedChunkedBody() {
        var text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        text += "1000000\r\n" + String(repeating: "x", count: 0x100_0000) + "\r\n"
        text += "1000000\r\n" + String(repeating: "x", count: 0x100_0000) + "\r\n"
        text += "1\r\nx\r\n0\r\n\r\n"
        let connection = HTTPConnection(stream: ScriptedStream(text))
        do {
            _ = try connection.readResponse()
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("exceeds the 33554432-byte limit"))
        }
    }

    /// Random bytes after a valid status line never crash the parser: each read either succeeds or throws.
    @Test func survivesRandomInput() {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<2_000 {
            let length = Int(generator.next() % 200)
            var bytes = Array("HTTP/1.1 200 OK\r\n".utf8)
            let alphabet = Array("\r\n: ;0123456789abcdefChunkedTransfer-EncodingContent-Length\u{0}\u{7f}".utf8)
            for _ in 0..<length { bytes.append(alphabet[Int(generator.next() % UInt64(alphabet.count))]) }
            let connection = HTTPConnection(
                stream: ScriptedStream(String(decoding: bytes, as: UTF8.self), pieceSize: Int(generator.next() % 9) + 1))
            _ = try? connection.readResponse()
        }
    }
}
