/// An error of the local emulator that is not a function's own error (those are `InvocationResult`s).
public struct EmulatorError: Error, Equatable, CustomStringConvertible, Sendable {
    private enum Code: Equatable, Sendable {
        case functionNotFound(name: String, arn: String)
        case portInUse(host: String, port: Int)
        case bootstrapNotFound(function: String, path: String)
        case payloadTooLarge(limit: Int)
        case invalidPayload(reason: String)
        case shuttingDown
    }

    private let code: Code

    private init(_ code: Code) { self.code = code }

    /// No function has this name, ARN or qualifier.
    public static func functionNotFound(_ name: String, arn: String) -> EmulatorError {
        .init(.functionNotFound(name: name, arn: arn))
    }
    /// Another process listens on the address.
    public static func portInUse(host: String, port: Int) -> EmulatorError { .init(.portInUse(host: host, port: port)) }
    /// The function's code path has no executable `bootstrap`.
    public static func bootstrapNotFound(function: String, path: String) -> EmulatorError {
        .init(.bootstrapNotFound(function: function, path: path))
    }
    /// The payload is over the Invoke API's limit for the invocation type.
    public static func payloadTooLarge(limit: Int) -> EmulatorError { .init(.payloadTooLarge(limit: limit)) }
    /// The payload is not JSON.
    public static func invalidPayload(reason: String) -> EmulatorError { .init(.invalidPayload(reason: reason)) }
    /// The emulator is stopping and takes no new invocations.
    public static var shuttingDown: EmulatorError { .init(.shuttingDown) }

    /// The function name or ARN, for `functionNotFound`.
    var notFoundARN: String? {
        if case .functionNotFound(_, let arn) = code { return arn }
        return nil
    }

    /// The Invoke API error this maps to: HTTP status, `x-amzn-ErrorType`, message.
    var serviceError: (status: Int, type: String, message: String) {
        switch code {
        case .functionNotFound(_, let arn): return (404, "ResourceNotFoundException", "Function not found: \(arn)")
        case .payloadTooLarge(let limit):
            return (413, "RequestTooLargeException", "Request must be smaller than \(limit) bytes for the InvokeFunction operation")
        case .invalidPayload(let reason):
            return (400, "InvalidRequestContentException", "Could not parse request body into json: \(reason)")
        case .shuttingDown: return (503, "ServiceException", "The emulator is shutting down")
        case .bootstrapNotFound, .portInUse: return (500, "ServiceException", description)
        }
    }

    /// A readable message for the user.
    public var description: String {
        switch code {
        case .functionNotFound(let name, _): return "function not found: \(name)"
        case .portInUse(let host, let port):
            return "port \(port) on \(host) is already in use; choose another with the port options"
        case .bootstrapNotFound(let function, let path):
            return "no executable bootstrap for function \(function) at \(path)"
        case .payloadTooLarge(let limit): return "payload is over \(limit) bytes"
        case .invalidPayload(let reason): return "payload is not JSON: \(reason)"
        case .shuttingDown: return "the emulator is shutting down"
        }
    }
}
