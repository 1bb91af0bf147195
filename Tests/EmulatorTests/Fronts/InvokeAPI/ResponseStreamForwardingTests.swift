import Foundation
import LambdaEmulator
import StackTemplate
import Testing

/// `InvokeWithResponseStream` forwards a streamed response as its parts arrive from the runtime (boto3 reading the
/// event stream; the Swift runtime's streaming tier writing lines with pauses), not after the function ends.
@Suite struct ResponseStreamForwardingTests {
    static let template = Data("""
        {"Resources": {
          "Stream": {"Type": "AWS::Lambda::Function", "Metadata": {"SwiftLambda": {"Product": "TestFunction"}},
            "Properties": {"FunctionName": "stream", "Handler": "stream", "Runtime": "provided.al2023", "Timeout": 10}},
          "Echo": {"Type": "AWS::Lambda::Function", "Metadata": {"SwiftLambda": {"Product": "TestFunction"}},
            "Properties": {"FunctionName": "echo", "Handler": "echo", "Runtime": "provided.al2023", "Timeout": 10}}}}
        """.utf8)

    struct Event: Decodable {
        var at: Double
        var chunk: String?
        var complete: [String: String]?
    }

    func read(_ port: Int, _ function: String, _ payload: String) async throws -> [Event] {
        let result = try await run(["python3", Fixtures.path("stream_timing.py"), String(port), function, payload])
        #expect(result.status == 0, "\(result.error)")
        return try JSONDecoder().decode([Event].self, from: Data(result.output.utf8))
    }

    @Test func theFirstChunkReachesTheCallerBeforeTheFunctionEnds() async throws {
        let logs = LogCollector()
        let stack = try await startSwiftStack(Self.template, logs)
        let port = try #require(stack.invokePort)
        _ = try await read(port, "stream", #"{"lines":1}"#)  // warm: init is not part of the timing
        let streamed = try await read(port, "stream", #"{"lines":3,"pauseMs":800}"#)
        let failing = try await read(port, "stream", #"{"lines":2,"pauseMs":600,"fail":true}"#)
        let buffered = try await read(port, "echo", #"{"a":1}"#)
        await stack.shutdown()

        let chunks = streamed.filter { $0.chunk != nil }
        #expect(chunks.map { $0.chunk! }.joined() == "line 1\nline 2\nline 3\n")
        let first = try #require(chunks.first)
        let end = try #require(streamed.last)
        #expect(end.complete == [:])
        // The handler pauses 1.6 s after its first line: forwarded as it goes, the first line arrives well before.
        #expect(end.at - first.at >= 1.2, "first chunk at \(first.at) s, end at \(end.at) s")
        #expect(first.chunk == "line 1\n")

        // An error after the first byte: the line already arrived, then InvokeComplete carries the error.
        let failedChunks = failing.compactMap(\.chunk)
        #expect(failedChunks.joined() == "line 1\nline 2\n")
        let complete = try #require(failing.last?.complete)
        #expect(complete["ErrorCode"] == "Unhandled")
        #expect(complete["ErrorDetails"]?.contains("failed after 14 bytes") == true)
        #expect(try #require(failing.last).at - failing.first!.at >= 0.4)

        // A buffered response still arrives whole, once.
        #expect(buffered.compactMap(\.chunk).joined() == #"{"a":1}"#)
        #expect(buffered.last?.complete == [:])
    }
}
