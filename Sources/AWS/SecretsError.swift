/// Why a ``SecretCache`` could not give a value. Messages name the secret or parameter, never its value.
///
/// Compare with the static members (`error == .notFound`); ``message`` carries the detail.
public struct SecretsError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: Equatable {
        case notFound, accessDenied, keyNotFound, notJSONObject, noSecretString, fetchFailed, expired, notConfigured
    }

    private let code: Code
    /// Detail for people: which secret or key, what the service said.
    public let message: String

    private init(_ code: Code, _ message: String = "") {
        self.code = code
        self.message = message
    }

    /// The secret, version or parameter does not exist.
    public static let notFound = SecretsError(.notFound)
    /// The function's role may not read it (or the credentials are not valid).
    public static let accessDenied = SecretsError(.accessDenied)
    /// The secret is a JSON object without the key asked for.
    public static let keyNotFound = SecretsError(.keyNotFound)
    /// A key was asked for, but the secret's value is not a JSON object.
    public static let notJSONObject = SecretsError(.notJSONObject)
    /// The secret holds bytes (`SecretBinary`), not text.
    public static let noSecretString = SecretsError(.noSecretString)
    /// The value could not be fetched (transport, throttling, a service fault) and none was cached.
    public static let fetchFailed = SecretsError(.fetchFailed)
    /// The cached value outlived its expiry and refreshing it failed.
    public static let expired = SecretsError(.expired)
    /// The cache has no client for this kind of reference.
    public static let notConfigured = SecretsError(.notConfigured)

    func with(message: String) -> SecretsError {
        SecretsError(code, message)
    }

    /// The error for a failed fetch of `reference`.
    static func fetching(_ reference: SecretReference, failedWith error: any Error) -> SecretsError {
        if let error = error as? SecretsError { return error }
        if let error = error as? AWSServiceError {
            if error.isNotFound { return .notFound.with(message: "\(reference): \(error)") }
            if error.isAccessDenied { return .accessDenied.with(message: "\(reference): \(error)") }
        }
        return .fetchFailed.with(message: "\(reference): \(error)")
    }

    /// Errors are equal when they are of the same kind, whatever their messages.
    public static func == (lhs: SecretsError, rhs: SecretsError) -> Bool {
        lhs.code == rhs.code
    }

    /// A readable description: the kind, then the detail.
    public var description: String {
        let kind = switch code {
        case .notFound: "secret not found"
        case .accessDenied: "access to the secret denied"
        case .keyNotFound: "key not found in the secret"
        case .notJSONObject: "secret is not a JSON object"
        case .noSecretString: "secret has no SecretString"
        case .fetchFailed: "cannot fetch the secret"
        case .expired: "cached secret expired and could not be refreshed"
        case .notConfigured: "no client for this kind of secret"
        }
        return message.isEmpty ? "SecretsError: \(kind)" : "SecretsError: \(kind): \(message)"
    }
}
