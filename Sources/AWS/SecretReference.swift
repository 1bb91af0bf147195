/// Which value a ``SecretCache`` reads: a Secrets Manager secret (whole, or one key of its JSON object), or an SSM
/// parameter.
public struct SecretReference: Hashable, Sendable, CustomStringConvertible {
    /// What is fetched: one fetch serves every key of the same secret version.
    enum Source: Hashable, Sendable {
        case secret(id: String, versionStage: String?, versionID: String?)
        case parameter(name: String, decrypt: Bool)
    }

    let source: Source
    /// The key of a JSON-object secret whose value is wanted; `nil` for the whole value.
    public let jsonKey: String?

    /// A Secrets Manager secret's `SecretString`, or one key of it when it holds a JSON object.
    /// - Parameters:
    ///   - id: The secret's name or ARN.
    ///   - jsonKey: The key whose value is wanted (string values as they are, numbers and booleans as text).
    ///   - versionStage: The stage, `AWSCURRENT` when neither this nor `versionID` is given.
    ///   - versionID: A version's id.
    /// - Returns: The reference.
    public static func secret(_ id: String, jsonKey: String? = nil, versionStage: String? = nil, versionID: String? = nil) -> Self {
        Self(source: .secret(id: id, versionStage: versionStage, versionID: versionID), jsonKey: jsonKey)
    }

    /// An SSM parameter's value.
    /// - Parameters:
    ///   - name: The name, optionally with `:version`.
    ///   - decrypt: Decrypt a `SecureString` (true by default).
    /// - Returns: The reference.
    public static func parameter(_ name: String, decrypt: Bool = true) -> Self {
        Self(source: .parameter(name: name, decrypt: decrypt), jsonKey: nil)
    }

    /// `secretsmanager:<id>[:<key>]` or `ssm:<name>`: names only, for messages and logs.
    public var description: String {
        switch source {
        case .secret(let id, let stage, let version):
            var text = "secretsmanager:\(id)"
            if let jsonKey { text += " key \(jsonKey)" }
            if let stage { text += " stage \(stage)" }
            if let version { text += " version \(version)" }
            return text
        case .parameter(let name, _):
            return "ssm:\(name)"
        }
    }
}
