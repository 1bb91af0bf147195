/// Credentials that sign AWS requests.
///
/// On Lambda they come from the function's environment: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`
/// and `AWS_SESSION_TOKEN` (Lambda always sets the token: its credentials are temporary).
public struct AWSCredentials: Sendable, Equatable {
    /// The access key id, for example `AKIDEXAMPLE`.
    public var accessKeyID: String
    /// The secret access key.
    public var secretAccessKey: String
    /// The session token of temporary credentials, sent as `X-Amz-Security-Token`; `nil` for long-term keys.
    public var sessionToken: String?

    /// Creates credentials.
    /// - Parameters:
    ///   - accessKeyID: The access key id.
    ///   - secretAccessKey: The secret access key.
    ///   - sessionToken: The session token, if the credentials are temporary.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// Reads credentials from environment variables.
    /// - Parameter environment: The variables, usually `ProcessInfo.processInfo.environment`.
    /// - Throws: ``AWSClientError/missingCredentials`` when the key id or secret is absent or empty.
    public init(environment: [String: String]) throws(AWSClientError) {
        guard let keyID = environment["AWS_ACCESS_KEY_ID"], !keyID.isEmpty,
              let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty
        else {
            throw AWSClientError.missingCredentials.with(
                message: "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must both be set")
        }
        let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        self.init(accessKeyID: keyID, secretAccessKey: secret, sessionToken: token)
    }
}

extension AWSCredentials: CustomStringConvertible {
    /// The key id only: the secret and token never appear in logs.
    public var description: String {
        "AWSCredentials(accessKeyID: \(accessKeyID), sessionToken: \(sessionToken == nil ? "none" : "set"))"
    }
}
