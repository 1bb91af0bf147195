import Foundation
import LambdaEmulator
import StackTemplate
import Synchronization

/// Paths of the test fixtures (bootstraps and handlers) beside this file.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// A function run by AWS's `awslambdaric` with a handler of `Fixtures/python/handler.py`.
    static func python(_ name: String, handler: String, timeout: Int = 3, environment: [String: String] = [:])
        -> LocalFunction
    {
        LocalFunction(
            definition: FunctionDefinition(
                logicalID: name, name: name, handler: handler, timeout: timeout, environment: environment),
            codePath: path("python"))
    }
}

/// Collects log records for assertions.
final class LogCollector: Sendable {
    private let records = Mutex<[LogRecord]>([])

    var sink: @Sendable (LogRecord) -> Void { { [self] record in records.withLock { $0.append(record) } } }

    var lines: [String] { records.withLock { $0.map(\.message) } }

    func records(for requestID: String) -> [LogRecord] { records.withLock { $0.filter { $0.requestID == requestID } } }
}

func configuration(_ collector: LogCollector, maxConcurrency: Int = 4) -> EmulatorConfiguration {
    var configuration = EmulatorConfiguration()
    configuration.logSink = collector.sink
    configuration.maxConcurrency = maxConcurrency
    return configuration
}

extension InvocationResult {
    var text: String { String(decoding: payload, as: UTF8.self) }

    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any] ?? [:] }
}

extension InvocationRequest {
    static func json(_ text: String) -> InvocationRequest { InvocationRequest(payload: Array(text.utf8)) }
}
