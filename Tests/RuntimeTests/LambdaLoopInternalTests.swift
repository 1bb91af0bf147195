import FoundationEssentials
import Logging
import Testing
@testable import LambdaRuntime

/// A Runtime API that serves queued invocations and records what the loop posts, with no sockets.
final class MockRuntimeAPI: RuntimeAPI, @unchecked Sendable {
    enum Posted: Equatable {
        case response(id: String, body: String)
        case error(id: String, report: ErrorReport)
        case initError(ErrorReport)
    }

    var invocations: [Invocation]
    var posted: [Posted] = []
    var responseOutcome: PostOutcome = .accepted
    struct Exhausted: Error {}

    init(events: [String]) {
        invocations = events.enumerated().map { index, body in
            Invocation(
                requestID: "request-\(index)", deadlineMilliseconds: WallClock.nowMilliseconds() + 60_000,
                invokedFunctionARN: "arn:aws:lambda:us-east-1:123456789012:function:f", traceID: "Root=\(index)",
                body: Data(body.utf8))
        }
    }

    func nextInvocation() throws -> Invocation {
        guard !invocations.isEmpty else { throw Exhausted() }
        return invocations.removeFirst()
    }

    func sendResponse(requestID: String, invocationID: String?, body: Data) throws -> PostOutcome {
        posted.append(.response(id: requestID, body: String(decoding: body, as: UTF8.self)))
        return responseOutcome
    }

    func sendError(requestID: String, invocationID: String?, report: ErrorReport) throws -> PostOutcome {
        posted.append(.error(id: requestID, report: report))
        return .accepted
    }

    func sendInitError(_ report: ErrorReport) throws -> PostOutcome {
        posted.append(.initError(report))
        return .accepted
    }

    func beginStream(requestID: String, invocationID: String?, contentType: String) throws {}
    func writeStreamChunk(_ bytes: UnsafeRawBufferPointer) throws {}
    func endStream(error: ErrorReport?) throws -> PostOutcome { .accepted }
}

struct Greeter: LambdaHandler {
    struct Event: Decodable { var name: String; var times: Int? }
    struct Refused: Error, CustomStringConvertible { var description: String { "refused to greet Mallory" } }
    func handle(_ event: Event, context: LambdaContext) async throws -> String {
        if event.name == "Mallory" { throw Refused() }
        if event.name == "Huge" { return String(repeating: "x", count: 6_291_556) }
        return "Hello \(event.name)!"
    }
}

@Suite struct LambdaLoopInternalTests {
    func run(_ events: [String], handler: any LambdaByteHandler = CodableHandlerAdapter(Greeter()),
             configure: (MockRuntimeAPI) -> Void = { _ in }) async -> [MockRuntimeAPI.Posted] {
        let api = MockRuntimeAPI(events: events)
        configure(api)
        let loop = LambdaLoop(api: api, handler: handler, logConfiguration: LogConfiguration(format: .text, level: .critical))
        await #expect(throws: MockRuntimeAPI.Exhausted.self) { try await loop.run() }
        return api.posted
    }

    @Test func answersGoodAndBadEventsInOrderAndKeepsGoing() async {
        let posted = await run([
            #"{"name":"John"}"#, #"{"name":5}"#, "not json", #"{"name":"Mallory"}"#, "{}", #"{"name":null}"#,
            #"{"name":"Huge"}"#, "[1]", #"{"name":"Jane","times":"x"}"#, #"{"name":"Ann"}"#,
        ])
        #expect(posted.count == 10)
        #expect(posted[0] == .response(id: "request-0", body: #""Hello John!""#))
        let expectations: [(Int, String, String)] = [
            (1, "Runtime.UnmarshalError", "Could not decode the event: field 'name': expected a string"),
            (2, "Runtime.UnmarshalError", "Could not decode the event: the event is not valid JSON"),
            (3, "Refused", "refused to greet Mallory"),
            (4, "Runtime.UnmarshalError", "Could not decode the event: missing field 'name'"),
            (5, "Runtime.UnmarshalError", "Could not decode the event: field 'name': expected a string, found null"),
            (6, "Function.ResponseSizeTooLarge",
             "Response payload size (6291558 bytes) exceeded maximum allowed payload size (6291556 bytes)."),
            (7, "Runtime.UnmarshalError", "Could not decode the event: the event: expected an object"),
            (8, "Runtime.UnmarshalError", "Could not decode the event: field 'times': expected a number"),
        ]
        for (index, type, message) in expectations {
            guard case .error(let id, let report) = posted[index] else {
                Issue.record("invocation \(index) was not an error: \(posted[index])")
                continue
            }
            #expect(id == "request-\(index)")
            #expect(report.errorType == type)
            #expect(report.errorMessage.hasPrefix(message), "got \(report.errorMessage)")
        }
        #expect(posted[9] == .response(id: "request-9", body: #""Hello Ann!""#))
    }

    @Test func reportsInvalidInvocationHeadersAsThatInvocationsError() async {
        let api = MockRuntimeAPI(events: ["{}"])
        api.invocations[0].headerProblem = "Invalid invocation from the Runtime API: missing Lambda-Runtime-Invoked-Function-Arn"
        let loop = LambdaLoop(api: api, handler: CodableHandlerAdapter(Greeter()), logConfiguration: .init(format: .text, level: .critical))
        await #expect(throws: MockRuntimeAPI.Exhausted.self) { try await loop.run() }
        guard case .error(_, let report) = api.posted.first else { Issue.record("no error posted"); return }
        #expect(report.errorType == "Runtime.InvalidInvocation")
        #expect(report.errorMessage.contains("Invoked-Function-Arn"))
    }

    @Test func a413FromTheRuntimeAPIBecomesASizeError() async {
        let posted = await run([#"{"name":"John"}"#]) { $0.responseOutcome = .rejected(status: 413, body: "too large") }
        #expect(posted.count == 2)
        guard case .error(_, let report) = posted[1] else { Issue.record("no error posted"); return }
        #expect(report.errorType == "Function.ResponseSizeTooLarge")
    }

    @Test func aRejectedResponseDoesNotStopTheLoop() async {
        let posted = await run([#"{"name":"A"}"#, #"{"name":"B"}"#]) {
            $0.responseOutcome = .rejected(status: 400, body: "InvalidRequestID")
        }
        #expect(posted == [.response(id: "request-0", body: #""Hello A!""#), .response(id: "request-1", body: #""Hello B!""#)])
    }

    @Test func stopsWhenAskedAfterFinishingTheInvocation() async throws {
        let api = MockRuntimeAPI(events: [#"{"name":"A"}"#, #"{"name":"B"}"#])
        let loop = LambdaLoop(
            api: api, handler: CodableHandlerAdapter(Greeter()), logConfiguration: .init(format: .text, level: .critical),
            shouldStop: { true })
        try await loop.run()
        #expect(api.posted == [.response(id: "request-0", body: #""Hello A!""#)])
        #expect(api.invocations.count == 1)
    }

    @Test func rawHandlersSeeAndReturnBytes() async {
        struct Reverse: LambdaByteHandler {
            func handle(_ event: Data, context: LambdaContext) async throws -> Data { Data(event.reversed()) }
        }
        let posted = await run(["abc", "not json at all"], handler: Reverse())
        #expect(posted == [.response(id: "request-0", body: "cba"), .response(id: "request-1", body: "lla ta nosj ton")])
    }

    @Test func closureHandlersWork() async {
        let handler = CodableHandlerAdapter(ClosureHandler { (event: [String: Int], context: LambdaContext) in
            event.values.reduce(0, +) + (context.requestID.isEmpty ? 1 : 0)
        })
        let posted = await run([#"{"a":1,"b":2}"#], handler: handler)
        #expect(posted == [.response(id: "request-0", body: "3")])
    }
}
