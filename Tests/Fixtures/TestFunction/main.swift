// A function used by the end-to-end tests of the runtime and the emulator: one binary serving several
// handlers chosen by `_HANDLER`, each exercising one behaviour (echo, slow, overlapping, failing, exiting, trapping,
// huge, logging).
#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials
import LambdaRuntime

struct Echo: LambdaByteHandler {
    func handle(_ event: Data, context: LambdaContext) async throws -> Data { event }
}

struct Sleep: LambdaHandler {
    struct Event: Decodable { var ms: Int }
    func handle(_ event: Event, context: LambdaContext) async throws -> String {
        try await Task.sleep(for: .milliseconds(event.ms))
        return "slept \(event.ms)"
    }
}

/// Sleeps like `Sleep` and says when and where it ran: the process id and the start and end instants (ms since the
/// epoch), so that tests can see invocations overlap inside one process.
struct Span: LambdaHandler {
    struct Event: Decodable { var ms: Int }
    struct Output: Encodable { var pid: Int32, startMs: Double, endMs: Double }
    func handle(_ event: Event, context: LambdaContext) async throws -> Output {
        let start = Date().timeIntervalSince1970 * 1000
        try await Task.sleep(for: .milliseconds(event.ms))
        return Output(pid: getpid(), startMs: start, endMs: Date().timeIntervalSince1970 * 1000)
    }
}

struct Fail: LambdaHandler {
    struct Failure: Error, CustomStringConvertible { var description: String }
    func handle(_ event: [String: String], context: LambdaContext) async throws -> String {
        throw Failure(description: event["message"] ?? "failed")
    }
}

struct Crash: LambdaHandler {
    func handle(_ event: [String: Int], context: LambdaContext) async throws -> String {
        exit(Int32(event["status"] ?? 3))
    }
}

/// Swift traps: `fatalError` with the event's message, an index out of range, or a null dereference.
struct Trap: LambdaHandler {
    func handle(_ event: [String: String], context: LambdaContext) async throws -> String {
        switch event["kind"] {
        case "index":
            let values = [1, 2, 3]
            return "\(values[values.count + (event["offset"].flatMap { Int($0) } ?? 0)])"
        case "segv":
            return "\(UnsafePointer<Int>(bitPattern: 8)!.pointee)"
        default:
            fatalError(event["message"] ?? "trap")
        }
    }
}

struct Big: LambdaHandler {
    func handle(_ event: [String: Int], context: LambdaContext) async throws -> String {
        String(repeating: "x", count: event["bytes"] ?? 0)
    }
}

struct Context: LambdaHandler {
    struct Output: Encodable {
        var requestID, invokedFunctionARN: String
        var traceID, clientContext, cognitoIdentity, tenantID, traceEnvironment: String?
        var remainingMilliseconds: Int64
    }
    func handle(_ event: [String: String], context: LambdaContext) async throws -> Output {
        context.logger.debug("debug line")
        context.logger.info("info line", metadata: ["key": "value"])
        context.logger.warning("warning line")
        let remaining = context.remainingTime.components
        return Output(
            requestID: context.requestID, invokedFunctionARN: context.invokedFunctionARN, traceID: context.traceID,
            clientContext: context.clientContext, cognitoIdentity: context.cognitoIdentity, tenantID: context.tenantID,
            traceEnvironment: getenv("_X_AMZN_TRACE_ID").map { String(cString: $0) },
            remainingMilliseconds: remaining.seconds * 1000 + remaining.attoseconds / 1_000_000_000_000_000)
    }
}

struct InitFailure: Error, CustomStringConvertible {
    var description: String { "cannot read the configuration" }
}

/// Streams `lines` lines `pauseMs` apart; with `fail`, throws after them (after the first byte: trailers);
/// with `failFirst`, throws before writing anything; with `status`, starts with an HTTP prelude.
struct Stream: LambdaStreamingHandler {
    struct Event: Decodable { var lines: Int?; var pauseMs: Int?; var fail: Bool?; var failFirst: Bool?; var status: Int? }
    struct Failure: Error, CustomStringConvertible { var description: String }
    func handle(_ event: Event, responseWriter: LambdaResponseWriter, context: LambdaContext) async throws {
        if event.failFirst == true { throw Failure(description: "failed before the first byte") }
        if let status = event.status {
            try await responseWriter.writeHTTPResponseHead(
                StreamingHTTPResponseHead(statusCode: status, headers: ["X-Test": "yes"], cookies: ["a=1"]))
        }
        for line in 1...max(1, event.lines ?? 2) {
            if line > 1 { try await Task.sleep(for: .milliseconds(event.pauseMs ?? 0)) }
            try await responseWriter.write("line \(line)\n")
        }
        if event.fail == true { throw Failure(description: "failed after \(responseWriter.bytesWritten) bytes") }
    }
}

if ProcessEnvironment.value("_HANDLER") == "stream" {
    LambdaRuntime.run(streaming: { Stream() })
}

LambdaRuntime.run(handlers: [
    "echo": { Echo() },
    "sleep": { CodableHandlerAdapter(Sleep()) },
    "span": { CodableHandlerAdapter(Span()) },
    "fail": { CodableHandlerAdapter(Fail()) },
    "crash": { CodableHandlerAdapter(Crash()) },
    "trap": { CodableHandlerAdapter(Trap()) },
    "big": { CodableHandlerAdapter(Big()) },
    "context": { CodableHandlerAdapter(Context()) },
    "initFail": { throw InitFailure() },
])
