import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// The book's lambda-test-harness: N invocations through the Invoke API with C concurrent callers, each on its
/// own keep-alive connection.
public enum LoadTest {
    /// Throughput and latency of one run.
    public struct Report: Sendable, CustomStringConvertible {
        /// Invocations made.
        public var requests: Int
        /// Concurrent callers.
        public var concurrency: Int
        /// Invocations that did not answer 200 or answered with `X-Amz-Function-Error`.
        public var failures: Int
        /// Wall-clock time of the run.
        public var elapsed: Duration
        /// Each invocation's latency, sorted.
        public var latencies: [Duration]

        /// Creates a report.
        /// - Parameters:
        ///   - requests: Invocations made.
        ///   - concurrency: Concurrent callers.
        ///   - failures: Failed invocations.
        ///   - elapsed: Wall-clock time.
        ///   - latencies: Each invocation's latency.
        public init(requests: Int, concurrency: Int, failures: Int, elapsed: Duration, latencies: [Duration]) {
            self.requests = requests
            self.concurrency = concurrency
            self.failures = failures
            self.elapsed = elapsed
            self.latencies = latencies.sorted()
        }

        /// Invocations per second.
        public var throughput: Double { Double(requests) / (elapsed / .seconds(1)) }

        /// The latency at a percentile (0–100), nearest-rank.
        /// - Parameter percentile: The percentile.
        /// - Returns: The latency.
        public func latency(_ percentile: Double) -> Duration {
            guard !latencies.isEmpty else { return .zero }
            let rank = Int((percentile / 100 * Double(latencies.count)).rounded(.up))
            return latencies[min(max(rank, 1), latencies.count) - 1]
        }

        /// The figures as three lines of text.
        public var description: String {
            func ms(_ duration: Duration) -> String { String(format: "%.3f ms", duration / .milliseconds(1)) }
            return """
                requests: \(requests)  concurrency: \(concurrency)  failures: \(failures)
                elapsed: \(String(format: "%.3f s", elapsed / .seconds(1)))  throughput: \(String(format: "%.0f", throughput)) invocations/s
                latency p50: \(ms(latency(50)))  p90: \(ms(latency(90)))  p99: \(ms(latency(99)))  max: \(ms(latency(100)))
                """
        }
    }

    /// Runs the load.
    /// - Parameters:
    ///   - host: The Invoke API host.
    ///   - port: The Invoke API port.
    ///   - function: The function name.
    ///   - payload: The event bytes.
    ///   - requests: How many invocations in all.
    ///   - concurrency: How many callers at once.
    ///   - group: Event loops for the callers' connections.
    /// - Returns: The report.
    /// - Throws: A connection error.
    public static func run(
        host: String = "127.0.0.1", port: Int, function: String, payload: [UInt8], requests: Int, concurrency: Int,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> Report {
        let path = "/2015-03-31/functions/\(function)/invocations"
        let tickets = Tickets(requests)
        let clock = ContinuousClock()
        let start = clock.now
        let perCaller = try await withThrowingTaskGroup(of: ([Duration], Int).self) { tasks in
            for _ in 0..<max(1, min(concurrency, requests)) {
                tasks.addTask {
                    let connection = try await ClientBootstrap(group: group)
                        .channelOption(.socketOption(.tcp_nodelay), value: 1)
                        .connect(host: host, port: port) { channel in
                            channel.eventLoop.makeCompletedFuture {
                                try channel.pipeline.syncOperations.addHTTPClientHandlers()
                                return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                                    wrappingChannelSynchronously: channel)
                            }
                        }
                    return try await connection.executeThenClose { inbound, outbound in
                        var latencies: [Duration] = []
                        var failures = 0
                        var responses = inbound.makeAsyncIterator()
                        while tickets.take() {
                            let began = clock.now
                            var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path)
                            head.headers = ["Host": "\(host):\(port)", "Content-Length": String(payload.count)]
                            try await outbound.write(contentsOf: [
                                .head(head), .body(.byteBuffer(ByteBuffer(bytes: payload))), .end(nil),
                            ])
                            var ok = false
                            loop: while let part = try await responses.next() {
                                switch part {
                                case .head(let response):
                                    ok = response.status == .ok && !response.headers.contains(name: "X-Amz-Function-Error")
                                case .body: break
                                case .end: break loop
                                }
                            }
                            latencies.append(clock.now - began)
                            if !ok { failures += 1 }
                        }
                        return (latencies, failures)
                    }
                }
            }
            var all: [([Duration], Int)] = []
            for try await result in tasks { all.append(result) }
            return all
        }
        let elapsed = clock.now - start
        return Report(
            requests: requests, concurrency: concurrency, failures: perCaller.map(\.1).reduce(0, +), elapsed: elapsed,
            latencies: perCaller.flatMap(\.0).sorted())
    }
}

/// A count of invocations left to make, shared by the callers.
private final class Tickets: Sendable {
    private let left: Mutex<Int>

    init(_ count: Int) { left = Mutex(count) }

    func take() -> Bool {
        left.withLock { left in
            guard left > 0 else { return false }
            left -= 1
            return true
        }
    }
}
