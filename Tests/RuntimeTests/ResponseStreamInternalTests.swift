import Foundation
import Testing
import TestSupport
@testable import LambdaRuntime

/// The streaming path of the loop over the real Runtime API client and the mock server: limits, writer misuse,
/// the HTTP prelude's bytes.
@Suite struct ResponseStreamInternalTests {
    struct Writes: StreamingByteHandler {
        var sizes: [Int]
        func handle(_ event: Data, responseWriter: LambdaResponseWriter, context: LambdaContext) async throws {
            for size in sizes { try await responseWriter.write(Data(repeating: UInt8(ascii: "a"), count: size)) }
        }
    }

    func serve(_ handler: some StreamingByteHandler, limit: Int, events: Int = 1) async throws -> [MockRuntimeAPIServer.Post] {
        let server = try MockRuntimeAPIServer()
        defer { server.stop() }
        server.enqueue((0..<events).map { .event(id: "e\($0)", body: "{}") } + [.status(500, "done")])
        var loop = LambdaLoop(
            api: try RuntimeAPIClient(address: server.address), handler: .streaming(handler),
            logConfiguration: .init(format: .text, level: .critical), shouldStop: { false }, mayStart: { true })
        loop.streamLimit = limit
        await #expect(throws: LambdaRuntimeError.self) { try await loop.run() }
        return server.waitForPosts(events)
    }

    @Test func theSizeLimitEndsTheStreamWithAClearError() async throws {
        let posts = try await serve(Writes(sizes: [600, 300, 200]), limit: 1000)
        let post = try #require(posts.first)
        #expect(post.body.count == 900, "the write past the limit sends nothing")
        #expect(post.trailers["lambda-runtime-function-error-type"] == "Function.ResponseSizeTooLarge")
        let body = Data(base64Encoded: post.trailers["lambda-runtime-function-error-body"] ?? "") ?? Data()
        #expect(String(decoding: body, as: UTF8.self).contains(
            "Response payload size (1100 bytes) exceeded maximum allowed payload size (1000 bytes)."))
    }

    @Test func aSlowConsumerHoldsTheWriterBack() async throws {
        final class Clock: @unchecked Sendable { var lastWriteReturned = Date.distantPast }
        struct Timed: StreamingByteHandler {
            let clock: Clock
            func handle(_ event: Data, responseWriter: LambdaResponseWriter, context: LambdaContext) async throws {
                let megabyte = Data(repeating: UInt8(ascii: "b"), count: 1 << 20)
                for _ in 0..<48 { try await responseWriter.write(megabyte) }
                clock.lastWriteReturned = Date()
            }
        }
        let server = try MockRuntimeAPIServer()
        defer { server.stop() }
        server.delayReadingStreams(by: 1.0)
        server.enqueue([.event(id: "slow", body: "{}"), .status(500, "done")])
        let clock = Clock()
        let loop = LambdaLoop(
            api: try RuntimeAPIClient(address: server.address), handler: .streaming(Timed(clock: clock)),
            logConfiguration: .init(format: .text, level: .critical), shouldStop: { false }, mayStart: { true })
        let started = Date()
        await #expect(throws: LambdaRuntimeError.self) { try await loop.run() }
        let post = try #require(server.waitForPosts(1).first)
        #expect(post.body.utf8.count == 48 << 20)
        // 48 MB cannot fit in loopback socket buffers: the writes had to wait for the reader, not pile up in memory.
        #expect(clock.lastWriteReturned.timeIntervalSince(started) >= 0.9, "the handler was held back by the consumer")
    }

    @Test func aStreamThatWritesNothingIsAnEmptyResponse() async throws {
        let posts = try await serve(Writes(sizes: [0]), limit: 10, events: 2)
        #expect(posts.map(\.body) == ["", ""])
        #expect(posts.allSatisfy { $0.headers["lambda-runtime-function-response-mode"] == "streaming" && $0.trailers.isEmpty })
    }

    @Test func writesAfterFinishAndLateContentTypesAreErrors() async throws {
        struct Misuse: StreamingByteHandler {
            func handle(_ event: Data, responseWriter: LambdaResponseWriter, context: LambdaContext) async throws {
                try await responseWriter.write("x")
                #expect(throws: LambdaRuntimeError.self) { try responseWriter.setContentType("text/plain") }
                await #expect(throws: LambdaRuntimeError.self) {
                    try await responseWriter.writeHTTPResponseHead(StreamingHTTPResponseHead())
                }
                try await responseWriter.finish()
                await #expect(throws: LambdaRuntimeError.self) { try await responseWriter.write("y") }
            }
        }
        let posts = try await serve(Misuse(), limit: 10)
        #expect(posts.first?.body == "x")
        #expect(posts.first?.trailers.isEmpty == true)
    }

    @Test func preludeBytesAreLambdasFormat() {
        let head = StreamingHTTPResponseHead(statusCode: 404, headers: ["b": "2", "a": "\"1\""], cookies: ["x=1; Path=/", "y=2"])
        let bytes = head.prelude
        #expect(bytes.suffix(8) == [0, 0, 0, 0, 0, 0, 0, 0])
        #expect(String(decoding: bytes.dropLast(8), as: UTF8.self)
            == #"{"statusCode":404,"headers":{"a":"\"1\"","b":"2"},"cookies":["x=1; Path=/","y=2"]}"#)
    }
}
