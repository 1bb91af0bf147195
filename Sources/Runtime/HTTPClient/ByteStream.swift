/// A bidirectional byte stream: the socket in production, scripted bytes in tests.
protocol ByteStream: AnyObject {
    /// Writes `head` then `body` (if any), as one gathered write where possible.
    /// - Throws: When the peer is gone or the write fails.
    func write(_ head: UnsafeRawBufferPointer, _ body: UnsafeRawBufferPointer?) throws
    /// Writes `head`, `body` and `tail`: a chunk with its size line and CRLF, so the chunk is complete on the wire
    /// when the write returns.
    /// - Throws: When the peer is gone or the write fails.
    func write(_ head: UnsafeRawBufferPointer, _ body: UnsafeRawBufferPointer, _ tail: UnsafeRawBufferPointer) throws
    /// Reads at most `buffer.count` bytes.
    /// - Returns: The number of bytes read; 0 means the peer closed the stream.
    /// - Throws: When the read fails.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    /// Closes the stream; further calls fail.
    func close()
}

extension ByteStream {
    /// Two writes; streams that can gather (the socket) do it in one.
    func write(_ head: UnsafeRawBufferPointer, _ body: UnsafeRawBufferPointer, _ tail: UnsafeRawBufferPointer) throws {
        try write(head, body)
        try write(tail, nil)
    }
}
