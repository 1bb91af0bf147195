import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An in-process mock of the Lambda Runtime API on 127.0.0.1 for tests: it hands out queued events on
/// `GET next`, records every POST, and can answer with scripted raw bytes to test the client's strictness.
public final class MockRuntimeAPIServer: @unchecked Sendable {
    /// What `GET next` answers for one invocation.
    public enum Reply: Sendable {
        /// A well-formed event with these headers (Lambda's defaults filled in) and body.
        case event(id: String, body: String, headers: [String: String] = [:])
        /// Exactly these bytes, then the connection stays open.
        case raw(String)
        /// Exactly these bytes, then the server closes the connection.
        case rawThenClose(String)
        /// An HTTP status with a body (e.g. 500 to tell the runtime to exit).
        case status(Int, String)
    }

    /// A POST the runtime sent.
    public struct Post: Sendable, Equatable {
        public var path: String
        public var headers: [String: String]
        public var body: String
        /// Trailer fields of a chunked (streamed) body, names lower-cased.
        public var trailers: [String: String] = [:]
        /// When each chunk of a chunked body arrived (empty for a Content-Length body).
        public var chunkArrivals: [Date] = []
        /// When the whole request had arrived.
        public var receivedAt = Date()

        public init(path: String, headers: [String: String], body: String) {
            self.path = path
            self.headers = headers
            self.body = body
        }
    }

    public let port: UInt16
    private let listener: Int32
    private let lock = NSCondition()
    private var replies: [Reply] = []
    private var posts: [Post] = []
    private var requestLines: [String] = []
    private var postStatus: (String) -> (Int, String) = { _ in (202, #"{"status":"OK"}"#) }
    private var connections = 0
    private var stopped = false
    private var openDescriptors: Set<Int32> = []
    private var handedOut: [String: Date] = [:]
    private var streamReadDelay: TimeInterval = 0

    /// Starts listening on a free port.
    public init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        self.listener = listener
        var on: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(listener, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// `127.0.0.1:<port>`, the value for `AWS_LAMBDA_RUNTIME_API`.
    public var address: String { "127.0.0.1:\(port)" }

    /// Queues replies for the next `GET next` requests.
    public func enqueue(_ newReplies: [Reply]) {
        lock.lock()
        replies.append(contentsOf: newReplies)
        lock.broadcast()
        lock.unlock()
    }

    /// Makes the server wait this long before reading the body of each streamed (chunked) POST: a slow consumer.
    public func delayReadingStreams(by seconds: TimeInterval) {
        lock.lock()
        streamReadDelay = seconds
        lock.unlock()
    }

    /// Sets the status and body answered to POSTs, by path.
    public func answerPosts(_ answer: @escaping (String) -> (Int, String)) {
        lock.lock()
        postStatus = answer
        lock.unlock()
    }

    /// Waits until at least `count` POSTs arrived (or the timeout passes) and returns all of them.
    public func waitForPosts(_ count: Int, timeout: TimeInterval = 20) -> [Post] {
        let deadline = Date().addingTimeInterval(timeout)
        lock.lock()
        defer { lock.unlock() }
        while posts.count < count, lock.wait(until: deadline) {}
        return posts
    }

    /// Waits until the server has seen at least `count` `GET next` requests.
    public func waitForNextRequests(_ count: Int, timeout: TimeInterval = 20) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        lock.lock()
        defer { lock.unlock() }
        while requestLines.filter({ $0.hasPrefix("GET ") }).count < count, lock.wait(until: deadline) {}
        return requestLines.filter { $0.hasPrefix("GET ") }.count >= count
    }

    /// When each event (by request id) was handed to the runtime by `GET next`.
    public var handOutTimes: [String: Date] {
        lock.lock()
        defer { lock.unlock() }
        return handedOut
    }

    /// Every request line received, in order.
    public var receivedRequestLines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return requestLines
    }

    /// How many connections the runtime opened.
    public var connectionCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return connections
    }

    /// Stops accepting and ends every connection; idempotent.
    ///
    /// Descriptors are only shut down here, never closed: the threads that own them close them, under the lock,
    /// so a descriptor number reused by another test's socket is never touched.
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        lock.broadcast()
        shutdown(listener, Int32(SHUT_RDWR))
        for fd in openDescriptors { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    deinit { stop() }

    // MARK: Serving

    private func acceptLoop() {
        defer { close(listener) }
        while true {
            // Close-on-exec, so processes other tests start never inherit (and keep open) these connections.
            let fd = accept(listener, nil, nil)
            if fd >= 0 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            if fd < 0 { return }
            lock.lock()
            if stopped { close(fd); lock.unlock(); return }
            connections += 1
            openDescriptors.insert(fd)
            lock.unlock()
            let thread = Thread { [self] in serve(fd) }
            thread.start()
        }
    }

    private func serve(_ fd: Int32) {
        var buffer = [UInt8]()
        defer {
            lock.lock()
            openDescriptors.remove(fd)
            close(fd)
            lock.unlock()
        }
        while let (head, body, trailers, chunkArrivals) = readRequest(fd, &buffer) {
            let lines = head.components(separatedBy: "\r\n")
            let requestLine = lines[0]
            var headers: [String: String] = [:]
            for line in lines.dropFirst() {
                if let colon = line.firstIndex(of: ":") {
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
            }
            lock.lock()
            requestLines.append(requestLine)
            lock.broadcast()
            lock.unlock()
            if requestLine.hasPrefix("GET ") {
                guard let reply = nextReply() else { return }
                switch reply {
                case .event(let id, let body, let extra):
                    var all = [
                        "Lambda-Runtime-Aws-Request-Id": id,
                        "Lambda-Runtime-Deadline-Ms": String(Int64(Date().timeIntervalSince1970 * 1000) + 30_000),
                        "Lambda-Runtime-Invoked-Function-Arn": "arn:aws:lambda:us-east-1:123456789012:function:test",
                        "Lambda-Runtime-Trace-Id": "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1",
                        "Content-Type": "application/json",
                    ]
                    for (key, value) in extra { all[key] = value.isEmpty ? nil : value }
                    var response = "HTTP/1.1 200 OK\r\n"
                    for (key, value) in all.sorted(by: { $0.key < $1.key }) { response += "\(key): \(value)\r\n" }
                    response += "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
                    lock.lock()
                    handedOut[id] = Date()
                    lock.unlock()
                    send(fd, response)
                case .raw(let bytes):
                    send(fd, bytes)
                case .rawThenClose(let bytes):
                    send(fd, bytes)
                    return
                case .status(let code, let body):
                    send(fd, "HTTP/1.1 \(code) Status\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
                }
            } else {
                let path = String(requestLine.split(separator: " ")[1])
                lock.lock()
                var post = Post(path: path, headers: headers, body: body)
                post.trailers = trailers
                post.chunkArrivals = chunkArrivals
                posts.append(post)
                let (status, answer) = postStatus(path)
                lock.broadcast()
                lock.unlock()
                send(fd, "HTTP/1.1 \(status) Status\r\nContent-Type: application/json\r\nContent-Length: \(answer.utf8.count)\r\n\r\n\(answer)")
            }
        }
    }

    /// Blocks until a reply is queued; nil once stopped.
    private func nextReply() -> Reply? {
        lock.lock()
        defer { lock.unlock() }
        while replies.isEmpty && !stopped { lock.wait() }
        if stopped { return nil }
        return replies.removeFirst()
    }

    /// Reads one request: head, body (Content-Length or chunked), trailers and chunk arrival times.
    private func readRequest(_ fd: Int32, _ buffer: inout [UInt8]) -> (String, String, [String: String], [Date])? {
        guard let end = readUntil(fd, &buffer, [13, 10, 13, 10]) else { return nil }
        let head = String(decoding: buffer[..<end], as: UTF8.self)
        buffer.removeFirst(end + 4)
        var length = 0
        var chunked = false
        for line in head.components(separatedBy: "\r\n") {
            let lower = line.lowercased()
            if lower.hasPrefix("content-length:") { length = Int(line.dropFirst(15).trimmingCharacters(in: .whitespaces)) ?? 0 }
            if lower.hasPrefix("transfer-encoding:") && lower.contains("chunked") { chunked = true }
        }
        guard chunked else {
            guard fill(fd, &buffer, to: length) else { return nil }
            let body = String(decoding: buffer[..<length], as: UTF8.self)
            buffer.removeFirst(length)
            return (head, body, [:], [])
        }
        lock.lock()
        let delay = streamReadDelay
        lock.unlock()
        if delay > 0 { usleep(UInt32(delay * 1_000_000)) }
        var body: [UInt8] = []
        var arrivals: [Date] = []
        while true {
            guard let lineEnd = readUntil(fd, &buffer, [13, 10]) else { return nil }
            let sizeText = String(decoding: buffer[..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText, radix: 16) else { return nil }
            buffer.removeFirst(lineEnd + 2)
            if size == 0 { break }
            guard fill(fd, &buffer, to: size + 2) else { return nil }
            body.append(contentsOf: buffer[..<size])
            arrivals.append(Date())
            buffer.removeFirst(size + 2)
        }
        var trailers: [String: String] = [:]
        while true {
            guard let lineEnd = readUntil(fd, &buffer, [13, 10]) else { return nil }
            let line = String(decoding: buffer[..<lineEnd], as: UTF8.self)
            buffer.removeFirst(lineEnd + 2)
            if line.isEmpty { break }
            if let colon = line.firstIndex(of: ":") {
                trailers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return (head, String(decoding: body, as: UTF8.self), trailers, arrivals)
    }

    /// Reads until `needle` is in the buffer; returns its offset, nil at end of stream.
    private func readUntil(_ fd: Int32, _ buffer: inout [UInt8], _ needle: [UInt8]) -> Int? {
        while true {
            if let end = find(buffer, needle) { return end }
            guard receive(fd, &buffer) else { return nil }
        }
    }

    /// Reads until the buffer holds at least `count` bytes; false at end of stream.
    private func fill(_ fd: Int32, _ buffer: inout [UInt8], to count: Int) -> Bool {
        while buffer.count < count {
            guard receive(fd, &buffer) else { return false }
        }
        return true
    }

    private func receive(_ fd: Int32, _ buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = recv(fd, &chunk, chunk.count, 0)
        if count <= 0 { return false }
        buffer.append(contentsOf: chunk[..<count])
        return true
    }

    private func find(_ haystack: [UInt8], _ needle: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for index in 0...(haystack.count - needle.count) where haystack[index..<(index + needle.count)].elementsEqual(needle) {
            return index
        }
        return nil
    }

    private func send(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return }
            offset += sent
        }
    }
}
