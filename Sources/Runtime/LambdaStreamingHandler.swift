import FoundationEssentials
import JSONCoding

/// A function that streams its response: it writes bytes as it produces them instead of returning one body.
///
/// The caller sees the first bytes while the handler still runs (Function URLs with `InvokeMode:
/// RESPONSE_STREAM`, `InvokeWithResponseStream`). Serve it with ``LambdaRuntime/run(streaming:)``.
///
/// ```swift
/// struct Lines: LambdaStreamingHandler {
///     func handle(_ event: [String: Int], responseWriter: LambdaResponseWriter, context: LambdaContext) async throws {
///         for line in 1...(event["lines"] ?? 3) { try await responseWriter.write("line \(line)\n") }
///         try await responseWriter.finish()
///     }
/// }
/// ```
public protocol LambdaStreamingHandler: SendableMetatype {
    /// The event type, decoded from the invocation's JSON body.
    associatedtype Event: Decodable

    /// Handles one invocation by writing its response.
    ///
    /// Returning finishes the stream if the handler did not. An error thrown before the first byte is reported
    /// as a function error; after it, it ends the stream with Lambda's error trailers.
    /// - Parameters:
    ///   - event: The decoded event.
    ///   - responseWriter: Where the response goes, as it is produced.
    ///   - context: The invocation's metadata and logger.
    /// - Throws: Any error; see above for how it reaches the caller.
    func handle(_ event: Event, responseWriter: LambdaResponseWriter, context: LambdaContext) async throws
}

/// A ``LambdaStreamingHandler`` made from a closure.
public struct StreamingClosureHandler<Event: Decodable>: LambdaStreamingHandler {
    private let body: (Event, LambdaResponseWriter, LambdaContext) async throws -> Void

    /// Wraps a closure.
    /// - Parameter body: Called for each invocation with the event, the writer and the context.
    public init(_ body: @escaping (Event, LambdaResponseWriter, LambdaContext) async throws -> Void) {
        self.body = body
    }

    /// Calls the closure.
    public func handle(_ event: Event, responseWriter: LambdaResponseWriter, context: LambdaContext) async throws {
        try await body(event, responseWriter, context)
    }
}

/// The loop's view of a streaming handler: raw event bytes in, bytes out through the writer.
protocol StreamingByteHandler: SendableMetatype {
    func handle(_ event: Data, responseWriter: LambdaResponseWriter, context: LambdaContext) async throws
}

/// Decodes the event for a typed ``LambdaStreamingHandler``.
struct StreamingHandlerAdapter<Handler: LambdaStreamingHandler>: StreamingByteHandler {
    let handler: Handler
    private let decoder = EventDecoder()

    init(_ handler: Handler) {
        self.handler = handler
    }

    func handle(_ event: Data, responseWriter: LambdaResponseWriter, context: LambdaContext) async throws {
        let decoded: Handler.Event
        do {
            decoded = try decoder.decode(Handler.Event.self, from: event)
        } catch let error as DecodingError {
            throw LambdaRuntimeError.invalidEvent(DecodingErrorDescription.describe(error))
        }
        try await handler.handle(decoded, responseWriter: responseWriter, context: context)
    }
}

extension StreamingHandlerAdapter: Sendable where Handler: Sendable {}
