/// A bidirectional byte stream: the socket in production, scripted bytes in tests.
protocol ByteStream: AnyObject {
    /// Writes `head` then `body` (if any), as one gathered write where possible.
    /// - Throws: When the peer is gone or the write fails.
    func write(_ head: UnsafeRawBufferPointer, _ body: UnsafeRawBufferPointer?) throws
    /// Reads at most `buffer.count` bytes.
    /// - Returns: The number of bytes read; 0 means the peer closed the stream.
    /// - Throws: When the read fails.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    /// Closes the stream; further calls fail.
    func close()
}
