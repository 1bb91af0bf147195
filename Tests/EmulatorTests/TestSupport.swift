import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LambdaEmulator
import StackTemplate
import Synchronization
import TestSupport

/// Paths of the test fixtures (bootstraps and handlers) beside this file.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// A function run by AWS's `awslambdaric` with a handler of `Fixtures/python/handler.py`.
    static func python(_ name: String, handler: String, timeout: Int = 10, environment: [String: String] = [:])
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

/// Runs a command without blocking a thread of the concurrency pool; output goes through files.
func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) async throws
    -> (status: Int32, output: String, error: String)
{
    let result = try await runProgram(
        "/usr/bin/env", arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
        input: input)
    return (result.status, result.output, result.error)
}

/// Starts the test template's stack on free ports: Python functions from `Fixtures/python`, the book's functions
/// from the built products beside the test binary.
func startTestStack(
    _ collector: LogCollector, maxConcurrency: Int = 4, adjust: (inout EmulatedStack.Configuration) -> Void = { _ in }
) async throws -> EmulatedStack {
    let template = try StackTemplate(contentsOfFile: Fixtures.path("template.json"))
    var codePaths: [String: String] = [:]
    for function in template.functions where function.product == nil { codePaths[function.name] = Fixtures.path("python") }
    let located = LocalFunction.locate(in: template, codePaths: codePaths, buildDirectories: [productsDirectory])
    var configuration = EmulatedStack.Configuration()
    configuration.invokePort = 0
    configuration.apiPort = 0
    configuration.emulator = LambdaEmulatorTests.configuration(collector, maxConcurrency: maxConcurrency)
    adjust(&configuration)
    return try await EmulatedStack.start(template: template, functions: located.functions, configuration: configuration)
}

/// Runs `body` with a started test stack and shuts the stack down whether `body` returns or throws, so a
/// failing test never leaves function processes behind.
func withTestStack<T>(
    _ collector: LogCollector, maxConcurrency: Int = 4, adjust: (inout EmulatedStack.Configuration) -> Void = { _ in },
    _ body: (EmulatedStack) async throws -> T
) async throws -> T {
    let stack = try await startTestStack(collector, maxConcurrency: maxConcurrency, adjust: adjust)
    do {
        let result = try await body(stack)
        await stack.shutdown()
        return result
    } catch {
        await stack.shutdown()
        throw error
    }
}

/// The folder of the built products (`greetings`, `whatIsMyIp`, `lambda-local`): the test bundle's folder.
let productsDirectory: String = {
    var url = URL(fileURLWithPath: CommandLine.arguments.first { $0.contains(".xctest") } ?? CommandLine.arguments[0])
    while url.pathComponents.count > 1 && !url.lastPathComponent.hasSuffix(".xctest") { url.deleteLastPathComponent() }
    return url.deletingLastPathComponent().path
}()

/// Environment for the AWS CLI and boto3: dummy credentials and region, no config files.
let awsEnvironment = [
    "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_PAGER": "",
]

/// One HTTP request through URLSession, as a curl user would make it.
func http(
    _ method: String, _ url: String, body: String? = nil, headers: [String: String] = [:]
) async throws -> (status: Int, headers: [String: String], body: String) {
    var request = URLRequest(url: URL(string: url)!)
    request.httpMethod = method
    request.httpBody = body.map { Data($0.utf8) }
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    let (data, response) = try await URLSession.shared.data(for: request)
    let httpResponse = response as! HTTPURLResponse
    var fields: [String: String] = [:]
    for (name, value) in httpResponse.allHeaderFields { fields[String(describing: name).lowercased()] = String(describing: value) }
    return (httpResponse.statusCode, fields, String(decoding: data, as: UTF8.self))
}

/// Starts a stack from template JSON whose functions are built products (`Metadata.SwiftLambda.Product`), on free
/// ports.
func startSwiftStack(_ templateJSON: Data, _ collector: LogCollector) async throws -> EmulatedStack {
    let template = try StackTemplate(data: templateJSON)
    let located = LocalFunction.locate(in: template, codePaths: [:], buildDirectories: [productsDirectory])
    var configuration = EmulatedStack.Configuration()
    configuration.invokePort = 0
    configuration.apiPort = 0
    configuration.emulator = LambdaEmulatorTests.configuration(collector)
    return try await EmulatedStack.start(template: template, functions: located.functions, configuration: configuration)
}
