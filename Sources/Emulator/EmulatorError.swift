/// An error of the local emulator that is not a function's own error (those are `InvocationResult`s).
public struct EmulatorError: Error, Equatable, CustomStringConvertible, Sendable {
    private enum Code: Equatable, Sendable {
        case functionNotFound(name: String, arn: String)
        case portInUse(host: String, port: Int)
        case bootstrapNotFound(function: String, path: String)
        case payloadTooLarge(limit: Int)
        case invalidPayload(reason: String)
        case invalidScheduleRule(name: String, reason: String)
        case invalidS3Endpoint(url: String, reason: String)
        case bucketSetupFailed(bucket: String, endpoint: String, reason: String)
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
    /// A schedule rule of the template cannot be fired: its expression does not parse, or a target's `Input`
    /// is not JSON.
    public static func invalidScheduleRule(_ name: String, reason: String) -> EmulatorError {
        .init(.invalidScheduleRule(name: name, reason: reason))
    }
    /// The local S3 endpoint is not a URL an S3 client takes.
    /// - Parameters:
    ///   - url: The endpoint as given.
    ///   - reason: What is wrong with it.
    public static func invalidS3Endpoint(_ url: String, reason: String) -> EmulatorError {
        .init(.invalidS3Endpoint(url: url, reason: reason))
    }
    /// A bucket of the template neither exists in the local S3 nor could be created there.
    /// - Parameters:
    ///   - bucket: The bucket name.
    ///   - endpoint: The S3 endpoint.
    ///   - reason: The S3 or connection error.
    public static func bucketSetupFailed(_ bucket: String, endpoint: String, reason: String) -> EmulatorError {
        .init(.bucketSetupFailed(bucket: bucket, endpoint: endpoint, reason: reason))
    }
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
            // Lambda's own name (botocore's model says RequestTooLargeException; code catching the real one must
            // fire locally too).
            return (413, "RequestEntityTooLargeException", "Request must be smaller than \(limit) bytes for the InvokeFunction operation")
        case .invalidPayload(let reason):
            return (400, "InvalidRequestContentException", "Could not parse request body into json: \(reason)")
        case .shuttingDown: return (503, "ServiceException", "The emulator is shutting down")
        case .bootstrapNotFound, .portInUse, .invalidScheduleRule, .invalidS3Endpoint, .bucketSetupFailed:
            return (500, "ServiceException", description)
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
        case .invalidScheduleRule(let name, let reason): return "schedule rule \(name): \(reason)"
        case .invalidS3Endpoint(let url, let reason): return "invalid S3 endpoint '\(url)': \(reason)"
        case .bucketSetupFailed(let bucket, let endpoint, let reason):
            return "cannot create bucket \(bucket) at \(endpoint): \(reason)"
        case .shuttingDown: return "the emulator is shutting down"
        }
    }
}
