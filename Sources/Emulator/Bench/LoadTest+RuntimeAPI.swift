import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

extension LoadTest {
    /// The baseline for the emulator's overhead: a function's own loop against a bare Runtime API that hands out
    /// the same event at once on every `GET next` (no Invoke API, no queue, no logs, no timers).
    ///
    /// Latency is the time between consecutive `GET next` requests, i.e. one full round trip of the runtime.
    /// - Parameters:
    ///   - function: The function to run (its bootstrap).
    ///   - payload: The event bytes.
    ///   - invocations: Round trips to measure, after 100 warm-up ones.
    ///   - group: Event loops for the server.
    /// - Returns: A report with concurrency 1.
    /// - Throws: A bind or spawn error.
    public static func runtimeAPIRoundTrips(
        function: LocalFunction, payload: [UInt8], invocations: Int,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> Report {
        let warmUp = 100
        let recorder = RoundTripRecorder(warmUp: warmUp, measured: invocations)
        let event = ByteBuffer(bytes: payload)
        let server = try await HTTPServer.start(host: "127.0.0.1", port: 0, maxBodySize: FunctionPool.responseLimit, group: group) {
            request, loop in
            guard request.head.method == .GET else {
                return loop.makeSucceededFuture(ServerResponse(status: .accepted, body: ByteBuffer(string: #"{"status":"OK"}"#)))
            }
            let number = recorder.next()
            return loop.makeSucceededFuture(ServerResponse(
                status: .ok,
                headers: [
                    "Lambda-Runtime-Aws-Request-Id": "request-\(number)",
                    "Lambda-Runtime-Deadline-Ms": String(Int64(Date().timeIntervalSince1970 * 1000) + 60_000),
                    "Lambda-Runtime-Invoked-Function-Arn": "arn:aws:lambda:us-east-1:123456789012:function:\(function.name)",
                    "Lambda-Runtime-Trace-Id": "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0",
                    "Content-Type": "application/json",
                ], body: event))
        }
        let environment = FunctionEnvironment.make(
            for: function, configuration: EmulatorConfiguration(), runtimeAPI: "127.0.0.1:\(server.port)")
        let process = try FunctionProcess(
            executable: function.bootstrap, arguments: [], environment: environment,
            workingDirectory: function.taskRoot, onLine: { _, _ in }, onExit: { _ in recorder.abandon() })
        let latencies = await recorder.wait()
        process.kill()
        await server.shutdown()
        let total = latencies.reduce(Duration.zero, +)
        return Report(requests: latencies.count, concurrency: 1, failures: invocations - latencies.count, elapsed: total, latencies: latencies.sorted())
    }
}

/// Times consecutive `GET next` requests after a warm-up.
private final class RoundTripRecorder: Sendable {
    private struct State {
        var count = 0
        var last: ContinuousClock.Instant?
        var latencies: [Duration] = []
        var waiter: CheckedContinuation<[Duration], Never>?
        var done = false
    }

    private let warmUp: Int
    private let measured: Int
    private let state = Mutex(State())

    init(warmUp: Int, measured: Int) {
        self.warmUp = warmUp
        self.measured = measured
    }

    func next() -> Int {
        let now = ContinuousClock.now
        let (number, finished): (Int, CheckedContinuation<[Duration], Never>?) = state.withLock { state in
            state.count += 1
            if state.count > warmUp + 1, let last = state.last, state.latencies.count < measured {
                state.latencies.append(now - last)
            }
            state.last = now
            if state.latencies.count == measured, !state.done {
                state.done = true
                defer { state.waiter = nil }
                return (state.count, state.waiter)
            }
            return (state.count, nil)
        }
        finished?.resume(returning: state.withLock { $0.latencies })
        return number
    }

    func abandon() {
        let waiter: CheckedContinuation<[Duration], Never>? = state.withLock { state in
            guard !state.done else { return nil }
            state.done = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: state.withLock { $0.latencies })
    }

    func wait() async -> [Duration] {
        await withCheckedContinuation { continuation in
            let ready: [Duration]? = state.withLock { state in
                if state.done { return state.latencies }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
