import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Reads two pipes line by line on a thread of its own; `drain()` reads what is there now, synchronously.
final class OutputReader: Sendable {
    private struct State {
        var pending: [[UInt8]] = [[], []]
        var open: [Bool] = [true, true]
    }

    private let fds: [Int32]
    private let state = Mutex(State())
    private let onLine: @Sendable (LogRecord.Source, String) -> Void

    init(standardOutput: Int32, standardError: Int32, onLine: @escaping @Sendable (LogRecord.Source, String) -> Void) {
        self.fds = [standardOutput, standardError]
        self.onLine = onLine
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
    }

    func start() {
        Thread.detachNewThread { [self] in run() }
    }

    private func run() {
        while true {
            var pollfds = state.withLock { state in
                (0..<2).filter { state.open[$0] }.map { pollfd(fd: fds[$0], events: Int16(POLLIN), revents: 0) }
            }
            if pollfds.isEmpty { break }
            let ready = poll(&pollfds, nfds_t(pollfds.count), -1)
            if ready < 0 && errno != EINTR { break }
            drain()
        }
        for fd in fds { close(fd) }
    }

    /// Lines are handed on while the lock is held, so that when `drain()` returns every line read so far has
    /// been delivered, in order, whichever thread read it.
    func drain() {
        state.withLock { state in
            var lines: [(LogRecord.Source, String)] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            for index in 0..<2 where state.open[index] {
                while true {
                    let count = read(fds[index], &buffer, buffer.count)
                    if count > 0 {
                        state.pending[index].append(contentsOf: buffer[0..<count])
                    } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                        state.open[index] = false
                        if !state.pending[index].isEmpty { state.pending[index].append(UInt8(ascii: "\n")) }
                        break
                    } else if errno == EAGAIN {
                        break
                    }
                }
                let source: LogRecord.Source = index == 0 ? .standardOutput : .standardError
                while let newline = state.pending[index].firstIndex(of: UInt8(ascii: "\n")) {
                    var line = state.pending[index][..<newline]
                    if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                    lines.append((source, String(decoding: line, as: UTF8.self)))
                    state.pending[index].removeSubrange(...newline)
                }
            }
            for (source, line) in lines { onLine(source, line) }
        }
    }
}
