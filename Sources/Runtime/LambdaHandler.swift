import JSONCoding
import FoundationEssentials

/// A function with a typed event and result, decoded from and encoded to JSON by the runtime.
///
/// Conform a type to hold state created once at init (clients, caches) and reused across invocations.
/// Synchronous `handle` implementations satisfy the requirement too.
public protocol LambdaHandler: SendableMetatype {
    /// The event type, decoded from the invocation's JSON body.
    associatedtype Event: Decodable
    /// The result type, encoded as the response's JSON body.
    associatedtype Output: Encodable

    /// Handles one invocation.
    /// - Parameters:
    ///   - event: The decoded event.
    ///   - context: The invocation's metadata and logger.
    /// - Returns: The result to send back.
    /// - Throws: Any error; it is reported to Lambda as a function error.
    func handle(_ event: Event, context: LambdaContext) async throws -> Output
}

/// A function that works on raw bytes: the event body as received and the response body as sent.
public protocol LambdaByteHandler: SendableMetatype {
    /// Handles one invocation.
    /// - Parameters:
    ///   - event: The invocation's body, unparsed.
    ///   - context: The invocation's metadata and logger.
    /// - Returns: The response body.
    /// - Throws: Any error; it is reported to Lambda as a function error.
    func handle(_ event: Data, context: LambdaContext) async throws -> Data
}

/// A ``LambdaHandler`` made from a closure.
public struct ClosureHandler<Event: Decodable, Output: Encodable>: LambdaHandler {
    private let body: (Event, LambdaContext) async throws -> Output

    /// Wraps a closure.
    /// - Parameter body: The closure that handles each invocation.
    public init(_ body: @escaping (Event, LambdaContext) async throws -> Output) {
        self.body = body
    }

    /// Calls the closure.
    public func handle(_ event: Event, context: LambdaContext) async throws -> Output {
        try await body(event, context)
    }
}

/// Adapts a typed ``LambdaHandler`` to raw bytes with one JSON decoder and encoder reused across invocations.
///
/// Events are decoded by `EventDecoder`, which answers exactly as `JSONDecoder` does (values and errors), and
/// results are encoded by `ResponseEncoder`, which writes what `JSONEncoder` writes (keys in encoding order),
/// each at a fraction of Foundation's cost for event-sized documents.
public struct CodableHandlerAdapter<Handler: LambdaHandler>: LambdaByteHandler {
    /// The wrapped handler.
    public let handler: Handler
    private let decoder = EventDecoder()
    /// URLs in results read as written (`https://…`, not `https:\/\/…`); both are valid JSON.
    private let encoder = ResponseEncoder()

    /// Wraps a typed handler.
    /// - Parameter handler: The handler to call with decoded events.
    public init(_ handler: Handler) {
        self.handler = handler
    }

    /// Decodes the event, calls the handler, encodes its result.
    /// - Throws: ``LambdaRuntimeError`` `invalidEvent` or `unencodableOutput`, or what the handler throws.
    public func handle(_ event: Data, context: LambdaContext) async throws -> Data {
        let decoded: Handler.Event
        do {
            decoded = try decoder.decode(Handler.Event.self, from: event)
        } catch let error as DecodingError {
            throw LambdaRuntimeError.invalidEvent(DecodingErrorDescription.describe(error))
        }
        let output = try await handler.handle(decoded, context: context)
        do {
            return try encoder.encode(output)
        } catch {
            throw LambdaRuntimeError.unencodableOutput("\(error)")
        }
    }
}
