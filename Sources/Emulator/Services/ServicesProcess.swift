import Foundation
import Synchronization
import NIOCore
import NIOPosix

/// Why the local AWS services could not be started: one line that says what to do.
public enum ServicesError: Error, CustomStringConvertible, Equatable {
    case portInUse(port: Int)
    case notInstalled
    case failedToStart(reason: String)

    public var description: String {
        switch self {
        case .portInUse(let port):
            "port \(port) of the local AWS services is in use (another lambda-local start?): stop it, or pass --services-port N, or --aws for real AWS"
        case .notInstalled:
            "moto_server is not installed (the local AWS services): run bash scripts/setup.sh (pip install 'moto[server]'), or set AWS_ENDPOINT_URL to your own, or pass --aws"
        case .failedToStart(let reason):
            "the local AWS services (moto_server) did not start: \(reason)"
        }
    }
}

/// lambda-local's own AWS services: a `moto_server` on a private loopback port, reached through a
/// ``ServicesFront`` on the port the user is given.
///
/// moto binds a free port itself (`-p 0`) and prints it (`Running on http://127.0.0.1:N`), so there is no race
/// for a port. It runs in its own process group (Ctrl-C in the terminal reaches lambda-local, which stops it)
/// with a parent-death signal (`setpriv --pdeathsig KILL`, spawned from ``SpawnThread``, which lives as long as
/// the process), so even a SIGKILL of lambda-local leaves no moto behind. State is in memory, gone at stop.
public final class ServicesProcess: Sendable {
    /// The front's URL, the endpoint functions and the user are given, e.g. `http://127.0.0.1:4566`.
    public let url: String
    /// moto's own URL (reachable only from this machine; the front is what the user is given).
    public let upstreamURL: String
    /// moto's process id.
    public let pid: Int32
    private let process: FunctionProcess
    private let front: HTTPServer
    private let exited: AsyncStream<Void>
    private let stopping: StopFlag

    /// The response header the front adds, so that `invoke` and `fire` recognise a running `start`'s services.
    static let marker = "x-lambda-local-services"

    private init(
        url: String, upstreamURL: String, process: FunctionProcess, front: HTTPServer, exited: AsyncStream<Void>,
        stopping: StopFlag
    ) {
        self.stopping = stopping
        self.url = url
        self.upstreamURL = upstreamURL
        self.pid = process.pid
        self.process = process
        self.front = front
        self.exited = exited
    }

    /// Starts moto_server, waits until it listens, then serves the front on `host:port`.
    /// - Parameters:
    ///   - host: The front's address (loopback).
    ///   - port: The front's port (0 picks a free one).
    ///   - allowedHosts: Host names served besides the loopback ones.
    ///   - executable: moto_server's path, found on `PATH` by default.
    ///   - readyWithin: Longest wait for moto's `Running on` line.
    ///   - onStop: Called once with a line if moto exits while lambda-local still runs.
    /// - Throws: ``ServicesError``.
    public static func start(
        host: String = "127.0.0.1", port: Int, allowedHosts: [String] = [], executable: String? = nil,
        readyWithin: Duration = .seconds(60), group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        onStop: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws(ServicesError) -> ServicesProcess {
        guard let moto = executable ?? Self.find("moto_server") else { throw .notInstalled }
        let (lines, linesIn) = AsyncStream<String?>.makeStream()
        let (exited, exitedIn) = AsyncStream<Void>.makeStream()
        let stopping = StopFlag()
        var arguments = ["-H", "127.0.0.1", "-p", "0"]
        var launcher = moto
        if let setpriv = Self.find("setpriv") {
            arguments = ["--pdeathsig", "KILL", "--", moto] + arguments
            launcher = setpriv
        }
        let environment = ProcessInfo.processInfo.environment.merging(["PYTHONUNBUFFERED": "1"]) { $1 }
        let (command, commandArguments) = (launcher, arguments)
        let started: Result<FunctionProcess, any Error> = await SpawnThread.shared.run {
            Result {
                try FunctionProcess(
                    executable: command, arguments: commandArguments, environment: environment,
                    workingDirectory: FileManager.default.currentDirectoryPath,
                    onLine: { _, line in linesIn.yield(line) },
                    onExit: { termination in
                        linesIn.yield(nil)
                        linesIn.finish()
                        exitedIn.yield()
                        exitedIn.finish()
                        if !stopping.isSet { onStop("the local AWS services (moto_server) stopped: \(termination)") }
                    })
            }
        }
        let process: FunctionProcess
        switch started {
        case .success(let value): process = value
        case .failure(let error): throw .failedToStart(reason: "\(moto): \(error)")
        }
        let upstreamPort = await Self.boundPort(in: lines, within: readyWithin)
        guard case .port(let bound) = upstreamPort else {
            stopping.set()
            process.kill()
            if case .exited(let last) = upstreamPort { throw .failedToStart(reason: last.isEmpty ? "it exited" : last) }
            throw .failedToStart(reason: "no 'Running on' line within \(readyWithin)")
        }
        let upstreamURL = "http://127.0.0.1:\(bound)"
        let server: HTTPServer
        do {
            server = try await ServicesFront.start(
                upstream: upstreamURL, host: host, port: port, allowedHosts: allowedHosts, group: group)
        } catch {
            stopping.set()
            process.kill()
            if let error = error as? EmulatorError, error == .portInUse(host: host, port: port) { throw .portInUse(port: port) }
            throw .failedToStart(reason: "\(error)")
        }
        return ServicesProcess(
            url: "http://\(host.contains(":") ? "[\(host)]" : host):\(server.port)", upstreamURL: upstreamURL,
            process: process, front: server, exited: exited, stopping: stopping)
    }

    /// Stops the front, then moto (SIGKILL to its group: nothing of it is kept), and waits for it to be reaped.
    public func stop() async {
        stopping.set()
        await front.shutdown()
        process.kill()
        for await _ in exited { break }
    }

    /// Whether lambda-local's services answer at `url` (a running `start`'s), by the front's marker header.
    public static func answers(at url: String) async -> Bool {
        let upstream = ServicesUpstream(base: url)
        guard let answer = try? await upstream.send(method: "GET", uri: "/", headers: [], body: []) else { return false }
        return answer.headers.contains { $0.name.lowercased() == marker }
    }

    private enum Readiness { case port(Int), exited(lastLine: String), timedOut }

    /// Reads moto's lines until `Running on http://127.0.0.1:N`.
    private static func boundPort(in lines: AsyncStream<String?>, within limit: Duration) async -> Readiness {
        await withTaskGroup(of: Readiness.self) { group in
            group.addTask {
                var last = ""
                for await line in lines {
                    guard let line else { return .exited(lastLine: last) }
                    if !line.trimmingCharacters(in: .whitespaces).isEmpty { last = line }
                    if let range = line.range(of: "Running on http://127.0.0.1:"),
                       let port = Int(line[range.upperBound...].prefix { $0.isNumber }) {
                        return .port(port)
                    }
                }
                return .exited(lastLine: last)
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return .timedOut
            }
            let first = await group.next() ?? .timedOut
            group.cancelAll()
            return first
        }
    }

    /// The first executable `name` on `PATH`.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// Set once when lambda-local stops the services on purpose, so that their exit is not reported as a failure.
final class StopFlag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}
