#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How a process ended, worded as Lambda words it (`exit status 1`, `signal: killed`).
struct ProcessTermination: Equatable, Sendable, CustomStringConvertible {
    /// The wait status.
    var status: Int32
    /// The process's peak resident memory in MB, from the reaper's `rusage`; nil when unknown.
    var maxMemoryUsedMB: Int? = nil

    var description: String {
        if status & 0x7f == 0 { return "exit status \((status >> 8) & 0xff)" }
        let signal = status & 0x7f
        let names: [Int32: String] = [
            SIGKILL: "killed", SIGSEGV: "segmentation fault", SIGABRT: "aborted", SIGTERM: "terminated",
            SIGINT: "interrupt", SIGILL: "illegal instruction", SIGBUS: "bus error",
            SIGFPE: "floating point exception", SIGTRAP: "trace/breakpoint trap", SIGPIPE: "broken pipe",
        ]
        return "signal: \(names[signal] ?? "signal \(signal)")"
    }
}
