import Foundation

/// A root folder that holds nothing but a static busybox at `/bin/sh`, a function's zip unpacked at `/var/task`,
/// an empty `/tmp`, and mount points for `/proc` and `/dev`: no `/lib`, no `/usr`, no loader, no libc. The closest
/// this machine gets to a Lambda OS that shares no library with the one that built the zip.
///
/// Programs run there through `unshare --mount --fork` (so the bind mounts of `/proc` and `/dev` vanish with the
/// process) and `chroot`; both need root.
final class EmptyRoot {
    /// The root folder on the host.
    let url: URL

    /// Lambda's environment for a custom runtime, less what each test adds (`AWS_LAMBDA_RUNTIME_API`, `_HANDLER`).
    static let lambdaEnvironment = [
        "LAMBDA_TASK_ROOT": "/var/task",
        "LAMBDA_RUNTIME_DIR": "/var/runtime",
        // Lambda lists the OS's library folders before the function's: bundled libraries must not depend on it.
        "LD_LIBRARY_PATH": "/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib",
        "PATH": "/usr/local/bin:/usr/bin/:/bin:/opt/bin",
        "TZ": ":UTC",
        "LANG": "en_US.UTF-8",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_LOG_FORMAT": "Text",
    ]

    /// Whether this process may build roots and run programs in them.
    static var isSupported: Bool { getuid() == 0 }

    /// Unpacks `zip` into a new root.
    /// - Parameter prepare: called with the root folder before anything runs in it, e.g. to add decoys.
    init(zip: URL, prepare: (URL) throws -> Void = { _ in }) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("empty-root-\(UUID().uuidString)")
        let fileManager = FileManager.default
        for folder in ["bin", "var/task", "tmp", "proc", "dev"] {
            try fileManager.createDirectory(at: url.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try fileManager.setAttributes([.posixPermissions: 0o1777], ofItemAtPath: url.appendingPathComponent("tmp").path)
        try fileManager.copyItem(atPath: Self.busybox(), toPath: url.appendingPathComponent("bin/sh").path)
        let unzip = try Command.run("unzip", ["-q", zip.path, "-d", url.appendingPathComponent("var/task").path])
        guard unzip.status == 0 else { throw CommandError(description: "unzip \(zip.path) failed: \(unzip.output)") }
        try prepare(url)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// The static busybox (Debian `busybox-static`).
    static func busybox() throws -> String {
        for candidate in ["/bin/busybox", "/usr/bin/busybox"] where FileManager.default.isExecutableFile(atPath: candidate) {
            let file = try Command.run("readelf", ["-lW", candidate])
            if !file.standardOutput.contains("INTERP") { return candidate }
        }
        throw CommandError(description: "no static busybox (apt-get install busybox-static)")
    }

    /// The names at the top of the root.
    func topLevelEntries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    /// The arguments that run `program` inside the root, for `unshare`.
    private func unshareArguments(_ program: [String]) throws -> [String] {
        let script = #"root=$1; mount=$2; chroot=$3; shift 3; "$mount" --bind /proc "$root/proc" && "$mount" --bind /dev "$root/dev" && exec "$chroot" "$root" "$@""#
        return ["--mount", "--fork", "--kill-child", "--", "/bin/sh", "-c", script, "sh", url.path,
                try Command.which("mount"), try Command.which("chroot")] + program
    }

    /// Starts `program` (a path inside the root, then its arguments) with exactly `environment`.
    func start(_ program: [String] = ["/var/task/bootstrap"], environment: [String: String]) throws -> RootProcess {
        try RootProcess(unshare: try Command.which("unshare"), arguments: try unshareArguments(program), environment: environment)
    }

    /// Runs `program` inside the root to completion.
    func run(_ program: [String], environment: [String: String] = EmptyRoot.lambdaEnvironment) throws -> Command.Result {
        try Command.run(try Command.which("unshare"), try unshareArguments(program), environment: environment)
    }
}

/// A program running inside an ``EmptyRoot``; killed with everything under it when released.
final class RootProcess {
    let process = Process()
    private let output: TemporaryFile

    init(unshare: String, arguments: [String], environment: [String: String]) throws {
        output = try TemporaryFile()
        process.executableURL = URL(fileURLWithPath: unshare)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = output.handle
        process.standardError = output.handle
        try process.run()
    }

    /// Everything the program wrote so far (standard output and error interleaved, as Lambda's log).
    var log: String { output.contents() }

    /// The program itself: the child `unshare` forked, which became it through `exec`.
    var programID: pid_t? {
        let pid = process.processIdentifier
        let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").first.flatMap { pid_t($0) }
    }

    /// Sends `signal` to the program (unshare itself ignores SIGTERM).
    func signal(_ signal: Int32) {
        if let child = programID { kill(child, signal) }
    }

    /// Waits up to `timeout` for the program to exit; returns unshare's exit status (the program's), or nil.
    func waitForExit(timeout: TimeInterval = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Kills unshare; `--kill-child` takes the program with it.
    func terminate() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { terminate() }
}
