import FoundationEssentials

/// Writes one invocation's streamed response to the Runtime API as the handler produces it.
///
/// Nothing is sent until the first `write` (or `finish`), so the content type can still be set; each write then
/// leaves as one HTTP chunk. Writes block while Lambda (and the caller behind it) is not reading: a slow consumer
/// holds the handler back instead of making the function buffer the response. Not for use from several tasks at
/// once.
public final class LambdaResponseWriter {
    /// Lambda's limit for a streamed response: 200 MB.
    public static let maxStreamedBytes = 200 * 1024 * 1024

    enum State { case notStarted, streaming, finished }

    private let api: any RuntimeAPI
    private let requestID: String
    private let invocationID: String?
    private let limit: Int
    private(set) var state = State.notStarted
    /// Lambda's answer to the finished stream, for the loop to log.
    private(set) var outcome: PostOutcome?

    /// The `Content-Type` Lambda passes to the caller; settable until the first byte is written.
    public private(set) var contentType = "application/octet-stream"
    /// Bytes written so far.
    public private(set) var bytesWritten = 0

    init(api: any RuntimeAPI, requestID: String, invocationID: String?, limit: Int) {
        self.api = api
        self.requestID = requestID
        self.invocationID = invocationID
        self.limit = limit
    }

    /// Whether any byte has gone out (an error after this point can only become trailers).
    public var hasStarted: Bool { state != .notStarted }

    /// Sets the response's content type.
    /// - Throws: ``LambdaRuntimeError`` `streamMisuse` once the first byte is written.
    public func setContentType(_ contentType: String) throws {
        guard state == .notStarted else {
            throw LambdaRuntimeError.streamMisuse("the content type cannot change after the first byte is written")
        }
        guard contentType.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }), !contentType.isEmpty else {
            throw LambdaRuntimeError.streamMisuse("invalid content type '\(contentType)'")
        }
        self.contentType = contentType
    }

    /// Sends bytes to the caller now.
    /// - Parameter bytes: The next part of the response; empty writes send nothing.
    /// - Throws: ``LambdaRuntimeError`` `responseTooLarge` past the 200 MB limit (nothing of this write is sent),
    ///   `streamMisuse` after `finish`, or a Runtime API error when the connection broke.
    public func write(_ bytes: some ContiguousBytes) async throws {
        try bytes.withUnsafeBytes { try send($0) }
    }

    /// Sends a string's UTF-8 bytes to the caller now.
    /// - Parameter text: The next part of the response.
    /// - Throws: As ``write(_:)-(ContiguousBytes)``.
    public func write(_ text: String) async throws {
        var text = text
        try text.withUTF8 { try send(UnsafeRawBufferPointer($0)) }
    }

    /// Ends the response; later writes fail. Called for the handler if it returns without finishing.
    /// - Throws: A Runtime API error when the connection broke.
    public func finish() async throws {
        try end(error: nil)
    }

    /// Ends the stream, with error trailers when `error` is set; the loop's path for a handler's failure.
    func end(error: ErrorReport?) throws {
        guard state != .finished else { return }
        if state == .notStarted { try begin() }
        state = .finished
        outcome = try api.endStream(error: error)
    }

    private func send(_ bytes: UnsafeRawBufferPointer) throws {
        guard state != .finished else {
            throw LambdaRuntimeError.streamMisuse("write after the response was finished")
        }
        guard bytesWritten + bytes.count <= limit else {
            throw LambdaRuntimeError.responseTooLarge(size: bytesWritten + bytes.count, limit: limit)
        }
        guard !bytes.isEmpty else { return }
        if state == .notStarted { try begin() }
        try api.writeStreamChunk(bytes)
        bytesWritten += bytes.count
    }

    private func begin() throws {
        try api.beginStream(requestID: requestID, invocationID: invocationID, contentType: contentType)
        state = .streaming
    }
}
