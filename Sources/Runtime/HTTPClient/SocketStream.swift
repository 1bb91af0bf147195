#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A blocking TCP connection with Nagle's algorithm off: each request is one small write that must leave at once.
///
/// Reads have no timeout on purpose: Lambda freezes the process between invocations and `GET next` may wait
/// for hours.
final class SocketStream: ByteStream {
    private var descriptor: Int32

    /// Connects to `host:port`; `host` is an IPv4 or IPv6 literal or a name resolved with `getaddrinfo`.
    /// - Throws: ``LambdaRuntimeError`` `runtimeAPIUnreachable` with the system's reason.
    init(host: String, port: UInt16) throws {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        hints.ai_flags = AI_NUMERICSERV
        var results: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &results)
        guard status == 0, let first = results else {
            throw LambdaRuntimeError.runtimeAPIUnreachable(
                "cannot resolve '\(host)': \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(results) }
        var lastError: Int32 = 0
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let address = candidate {
            let fd = socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
            if fd >= 0 {
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                if connect(fd, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 {
                    var on: Int32 = 1
                    _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
                    descriptor = fd
                    return
                }
                lastError = errno
                _ = systemClose(fd)
            } else {
                lastError = errno
            }
            candidate = address.pointee.ai_next
        }
        throw LambdaRuntimeError.runtimeAPIUnreachable(
            "cannot connect to \(host):\(port): \(String(cString: strerror(lastError)))")
    }

    func write(_ head: UnsafeRawBufferPointer, _ body: UnsafeRawBufferPointer?) throws {
        if body == nil || body!.isEmpty {
            try send(head)
            return
        }
        try withUnsafeTemporaryAllocation(of: iovec.self, capacity: 2) { vectors in
            vectors[0] = iovec(iov_base: UnsafeMutableRawPointer(mutating: head.baseAddress), iov_len: head.count)
            var count = 1
            if let body, body.count > 0 {
                vectors[1] = iovec(iov_base: UnsafeMutableRawPointer(mutating: body.baseAddress), iov_len: body.count)
                count = 2
            }
            try sendAll(vectors, count: count)
        }
    }

    func write(_ head: UnsafeRawBufferPointer, _ body: UnsafeRawBufferPointer, _ tail: UnsafeRawBufferPointer) throws {
        try withUnsafeTemporaryAllocation(of: iovec.self, capacity: 3) { vectors in
            var count = 0
            func add(_ part: UnsafeRawBufferPointer) {
                guard part.count > 0 else { return }
                vectors[count] = iovec(iov_base: UnsafeMutableRawPointer(mutating: part.baseAddress), iov_len: part.count)
                count += 1
            }
            add(head)
            add(body)
            add(tail)
            try sendAll(vectors, count: count)
        }
    }

    /// `sendmsg(2)` until every byte of the first `count` vectors is sent (vectors are advanced in place).
    private func sendAll(_ vectors: UnsafeMutableBufferPointer<iovec>, count: Int) throws {
        var index = 0
        while index < count {
            var message = msghdr()
            message.msg_iov = vectors.baseAddress! + index
            message.msg_iovlen = numericCast(count - index)
            let sent = sendmsg(descriptor, &message, Int32(MSG_NOSIGNAL))
            if sent < 0 {
                if errno == EINTR { continue }
                throw LambdaRuntimeError.runtimeAPIUnreachable(
                    "write to the Runtime API failed: \(String(cString: strerror(errno)))")
            }
            var remaining = sent
            while index < count, remaining >= vectors[index].iov_len {
                remaining -= vectors[index].iov_len
                index += 1
            }
            if remaining > 0 {
                vectors[index].iov_base += remaining
                vectors[index].iov_len -= remaining
            }
        }
    }

    /// One contiguous buffer: `send(2)`, which spares the kernel the message header `sendmsg(2)` copies in.
    private func send(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = systemSend(descriptor, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if sent < 0 {
                if errno == EINTR { continue }
                throw LambdaRuntimeError.runtimeAPIUnreachable(
                    "write to the Runtime API failed: \(String(cString: strerror(errno)))")
            }
            offset += sent
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = recv(descriptor, buffer.baseAddress, buffer.count, 0)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            if errno == ECONNRESET { return 0 }
            throw LambdaRuntimeError.runtimeAPIUnreachable(
                "read from the Runtime API failed: \(String(cString: strerror(errno)))")
        }
    }

    func close() {
        if descriptor >= 0 {
            _ = systemClose(descriptor)
            descriptor = -1
        }
    }
}

/// `send(2)`, named apart from ``SocketStream/send(_:)``.
@inline(__always)
private func systemSend(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int, _ flags: Int32) -> Int {
    #if canImport(Glibc)
    Glibc.send(fd, bytes, count, flags)
    #elseif canImport(Musl)
    Musl.send(fd, bytes, count, flags)
    #else
    Darwin.send(fd, bytes, count, flags)
    #endif
}

/// `close(2)`, named apart from ``ByteStream/close()``.
@inline(__always)
private func systemClose(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
    Glibc.close(fd)
    #elseif canImport(Musl)
    Musl.close(fd)
    #else
    Darwin.close(fd)
    #endif
}
