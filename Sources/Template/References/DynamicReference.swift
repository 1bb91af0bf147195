/// A CloudFormation dynamic reference, `{{resolve:service:…}}`: a value CloudFormation reads from SSM Parameter
/// Store or Secrets Manager when it creates the resource, so the template never holds it.
///
/// - `{{resolve:ssm:name}}`, `{{resolve:ssm:name:version}}`: a `String` or `StringList` parameter.
/// - `{{resolve:ssm-secure:name[:version]}}`: a `SecureString` parameter (CloudFormation takes these only in some
///   resource properties, and not in a Lambda function's).
/// - `{{resolve:secretsmanager:secret-id[:SecretString[:json-key[:version-stage[:version-id]]]]}}`: a secret, or one
///   key of its JSON object; `secret-id` is a name or a whole ARN.
///
/// Parsing checks the shape only; the template module never fetches anything (see ``DynamicReferenceSource``).
public struct DynamicReference: Hashable, Sendable, CustomStringConvertible {
    /// What the reference names.
    public enum Target: Hashable, Sendable {
        /// An SSM parameter, at its latest version or the one given.
        case parameter(name: String, version: Int?)
        /// A `SecureString` SSM parameter.
        case secureParameter(name: String, version: Int?)
        /// A Secrets Manager secret's `SecretString`, or the value of one key of it; `AWSCURRENT` when neither
        /// stage nor version is given.
        case secret(id: String, jsonKey: String?, versionStage: String?, versionID: String?)
    }

    /// What the reference names.
    public let target: Target
    /// The reference as written, `{{resolve:…}}`.
    public let text: String

    /// Parses one reference.
    /// - Parameter text: The whole reference, `{{resolve:…}}`.
    /// - Throws: ``DynamicReferenceError`` naming what is wrong: no service, an unknown one, an empty or invalid
    ///   name, a version that is not a number, `SecretString` misspelled, both a version stage and id.
    public init(parsing text: String) throws(DynamicReferenceError) {
        guard text.hasPrefix("{{resolve:"), text.hasSuffix("}}"), text.count > "{{resolve:}}".count else {
            throw DynamicReferenceError(text, "not of the form {{resolve:service:…}}")
        }
        let inner = String(text.dropFirst("{{resolve:".count).dropLast(2))
        guard let colon = inner.firstIndex(of: ":") else {
            throw DynamicReferenceError(text, "names no value after the service: {{resolve:ssm:name}} or {{resolve:secretsmanager:id}}")
        }
        let service = inner[..<colon]
        let rest = String(inner[inner.index(after: colon)...])
        self.text = text
        switch service {
        case "ssm":
            let (name, version) = try Self.parameter(rest, in: text)
            target = .parameter(name: name, version: version)
        case "ssm-secure":
            let (name, version) = try Self.parameter(rest, in: text)
            target = .secureParameter(name: name, version: version)
        case "secretsmanager":
            target = try Self.secret(rest, in: text)
        default:
            throw DynamicReferenceError(text, "unknown service '\(service)' (ssm, ssm-secure or secretsmanager)")
        }
    }

    /// The reference as written.
    public var description: String { text }

    /// `name[:version]`, where the name may be an ARN (`arn:…:parameter/name`).
    private static func parameter(_ rest: String, in text: String) throws(DynamicReferenceError) -> (String, Int?) {
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let nameParts = rest.hasPrefix("arn:") ? 6 : 1
        guard parts.count >= nameParts, parts.count <= nameParts + 1 else {
            throw DynamicReferenceError(text, "expected a parameter name and at most a version after it")
        }
        let name = parts[..<nameParts].joined(separator: ":")
        let shortName = nameParts == 6 ? String(name.drop { $0 != "/" }.dropFirst()) : name
        guard !shortName.isEmpty, shortName.utf8.count <= 2048,
              shortName.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_.-/".contains($0)) })
        else {
            throw DynamicReferenceError(text, "parameter name '\(name)' is empty or holds characters other than a-z, A-Z, 0-9, _ . - /")
        }
        guard parts.count == nameParts + 1 else { return (name, nil) }
        guard let version = Int(parts[nameParts]), version > 0 else {
            throw DynamicReferenceError(text, "version '\(parts[nameParts])' is not a positive number")
        }
        return (name, version)
    }

    /// `secret-id[:SecretString[:json-key[:version-stage[:version-id]]]]`, the id a name or a whole ARN.
    private static func secret(_ rest: String, in text: String) throws(DynamicReferenceError) -> Target {
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let idParts = rest.hasPrefix("arn:") ? 7 : 1
        guard parts.count >= idParts, parts.count <= idParts + 4 else {
            throw DynamicReferenceError(text, "expected secret-id:SecretString:json-key:version-stage:version-id at most")
        }
        let id = parts[..<idParts].joined(separator: ":")
        guard !id.isEmpty, !parts[idParts - 1].isEmpty else { throw DynamicReferenceError(text, "the secret id is empty") }
        let field = { (index: Int) -> String? in
            let position = idParts + index
            return parts.indices.contains(position) && !parts[position].isEmpty ? parts[position] : nil
        }
        if let kind = field(0), kind != "SecretString" {
            throw DynamicReferenceError(text, "'\(kind)' after the secret id must be SecretString (the only value CloudFormation takes)")
        }
        let (stage, version) = (field(2), field(3))
        if stage != nil && version != nil {
            throw DynamicReferenceError(text, "give a version stage or a version id, not both")
        }
        return .secret(id: id, jsonKey: field(1), versionStage: stage, versionID: version)
    }
}

/// A dynamic reference that is not well formed, or one that could not be resolved.
public struct DynamicReferenceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The reference as written.
    public let reference: String
    /// What is wrong.
    public let reason: String

    /// Creates an error.
    /// - Parameters:
    ///   - reference: The reference as written.
    ///   - reason: What is wrong.
    public init(_ reference: String, _ reason: String) {
        self.reference = reference
        self.reason = reason
    }

    /// `<reference>: <reason>`.
    public var description: String { "\(reference): \(reason)" }
}
