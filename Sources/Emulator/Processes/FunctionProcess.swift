import CProcess
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A started `bootstrap` process in its own process group, with its output read line by line.
///
/// Output is read by a thread that can also be drained on demand: the runtime writes its lines before it posts a
/// response, so draining when the response arrives puts every line before END and REPORT, as Lambda's log does.
final class FunctionProcess: Sendable {
    typealias Termination = ProcessTermination

    enum SpawnError: Error {
        case failed(errno: Int32)
    }

    let pid: pid_t
    private let reader: OutputReader

    /// Starts `executable` with exactly `environment`.
    /// - Parameters:
    ///   - onLine: Called for every complete output line (and the last partial one at EOF).
    ///   - onExit: Called once, on a dedicated thread, when the process has ended and been reaped.
    init(
        executable: String, arguments: [String], environment: [String: String], workingDirectory: String,
        onLine: @escaping @Sendable (LogRecord.Source, String) -> Void,
        onExit: @escaping @Sendable (Termination) -> Void
    ) throws {
        var outPipe: [Int32] = [0, 0]
        var errPipe: [Int32] = [0, 0]
        guard cprocess_pipe_cloexec(&outPipe) == 0 else { throw SpawnError.failed(errno: errno) }
        guard cprocess_pipe_cloexec(&errPipe) == 0 else {
            close(outPipe[0]); close(outPipe[1])
            throw SpawnError.failed(errno: errno)
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        cprocess_addchdir(&actions, workingDirectory)
        cprocess_addclosefrom(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, so a timeout kills the bootstrap and anything it started, by group id.
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaultSignals = sigset_t()
        sigfillset(&defaultSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        close(outPipe[1])
        close(errPipe[1])
        guard result == 0 else {
            close(outPipe[0]); close(errPipe[0])
            throw SpawnError.failed(errno: result)
        }
        self.pid = pid
        self.reader = OutputReader(standardOutput: outPipe[0], standardError: errPipe[0], onLine: onLine)
        reader.start()
        let watchedPID = pid
        Thread.detachNewThread {
            var status: Int32 = 0
            var usage = rusage()
            while wait4(watchedPID, &status, 0, &usage) == -1 && errno == EINTR {}
            // ru_maxrss is in KiB on Linux: the peak a REPORT after an exit can still show.
            let peak = usage.ru_maxrss > 0 ? (Int(usage.ru_maxrss) + 1023) / 1024 : nil
            onExit(Termination(status: status, maxMemoryUsedMB: peak))
        }
    }

    /// Reads whatever output is already in the pipes and hands it to `onLine` before returning.
    func drainOutput() { reader.drain() }

    /// Kills the process group with SIGKILL.
    func kill() {
        _ = Glibc.kill(-pid, SIGKILL)
    }

    /// The process's peak resident memory in MB (`VmHWM` of `/proc/<pid>/status`), nil once it is gone.
    func maxMemoryUsedMB() -> Int? {
        // Plain read(2) into a stack buffer: this runs once per invocation, on the hot path.
        let fd = open("/proc/\(pid)/status", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4096) { buffer -> Int? in
            let count = read(fd, buffer.baseAddress, buffer.count)
            guard count > 0 else { return nil }
            let bytes = UnsafeBufferPointer(rebasing: buffer[..<count])
            let key = Array("\nVmHWM:".utf8)
            guard var index = (0...(count - key.count)).first(where: { bytes[$0..<$0 + key.count].elementsEqual(key) }) else {
                return nil
            }
            index += key.count
            while index < count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
            var kilobytes = 0
            while index < count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                kilobytes = kilobytes * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                index += 1
            }
            return (kilobytes + 1023) / 1024
        }
    }
}
