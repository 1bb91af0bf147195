/// An error the runtime itself raises, with the `errorType` it reports to Lambda.
public struct LambdaRuntimeError: Error, CustomStringConvertible, Sendable, Equatable {
    private enum Code: Equatable, Sendable {
        case invalidEvent
        case unencodableOutput
        case responseTooLarge
        case handlerNotFound
        case missingEnvironment
        case runtimeAPIUnreachable
        case runtimeAPIProtocol
        case runtimeAPIStatus
        case invalidInvocation
        case streamMisuse
    }

    private let code: Code
    /// A readable explanation of what went wrong.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The `errorType` sent to Lambda: the names the managed runtimes use where one exists.
    public var errorType: String {
        switch code {
        case .invalidEvent: "Runtime.UnmarshalError"
        case .unencodableOutput: "Runtime.MarshalError"
        case .responseTooLarge: "Function.ResponseSizeTooLarge"
        case .handlerNotFound: "Runtime.HandlerNotFound"
        case .missingEnvironment: "Runtime.ConfigInvalid"
        case .runtimeAPIUnreachable, .runtimeAPIProtocol, .runtimeAPIStatus: "Runtime.APIError"
        case .invalidInvocation: "Runtime.InvalidInvocation"
        case .streamMisuse: "Runtime.StreamError"
        }
    }

    public var description: String { message }

    /// The event body did not decode into the handler's event type.
    public static func invalidEvent(_ detail: String) -> Self { .init(.invalidEvent, "Could not decode the event: \(detail)") }
    /// The handler's result did not encode to JSON.
    public static func unencodableOutput(_ detail: String) -> Self {
        .init(.unencodableOutput, "Could not encode the result: \(detail)")
    }
    /// The response is larger than Lambda accepts.
    public static func responseTooLarge(size: Int, limit: Int) -> Self {
        .init(.responseTooLarge,
              "Response payload size (\(size) bytes) exceeded maximum allowed payload size (\(limit) bytes).")
    }
    /// `_HANDLER` names no handler this binary serves.
    public static func handlerNotFound(_ name: String?, available: [String]) -> Self {
        let requested = name.map { "'\($0)'" } ?? "(no _HANDLER set)"
        return .init(.handlerNotFound,
                     "Handler \(requested) not found; this binary serves: \(available.sorted().joined(separator: ", ")).")
    }
    /// A required environment variable is missing or invalid.
    public static func missingEnvironment(_ detail: String) -> Self { .init(.missingEnvironment, detail) }
    /// The Runtime API could not be reached or the connection broke.
    public static func runtimeAPIUnreachable(_ detail: String) -> Self { .init(.runtimeAPIUnreachable, detail) }
    /// The Runtime API sent bytes that are not a valid HTTP/1.1 response.
    public static func runtimeAPIProtocol(_ detail: String) -> Self {
        .init(.runtimeAPIProtocol, "Invalid response from the Runtime API: \(detail)")
    }
    /// The Runtime API answered with an unexpected status.
    public static func runtimeAPIStatus(_ status: Int, request: String, body: String) -> Self {
        .init(.runtimeAPIStatus, "The Runtime API answered \(status) to \(request): \(body)")
    }
    /// An invocation's headers are unusable (missing deadline or ARN).
    public static func invalidInvocation(_ detail: String) -> Self { .init(.invalidInvocation, detail) }
    /// A streaming handler used its response writer out of order (write after finish, head after body).
    public static func streamMisuse(_ detail: String) -> Self { .init(.streamMisuse, "Response stream: \(detail)") }
}
