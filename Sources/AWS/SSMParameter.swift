/// A parameter as GetParameter answers it. Its description never shows the value.
public struct SSMParameter: Sendable, Equatable, Decodable, CustomStringConvertible {
    /// The parameter's type.
    public enum Kind: String, Sendable, Equatable, Decodable {
        /// Plain text.
        case string = "String"
        /// Comma-separated values.
        case stringList = "StringList"
        /// Text encrypted with KMS; decrypted when read `withDecryption`.
        case secureString = "SecureString"
    }

    /// The name.
    public var name: String
    /// The type.
    public var type: Kind
    /// The value (decrypted for a `SecureString` read with decryption).
    public var value: String
    /// The version.
    public var version: Int
    /// The ARN.
    public var arn: String?

    enum CodingKeys: String, CodingKey { case name = "Name", type = "Type", value = "Value", version = "Version", arn = "ARN" }

    /// Creates a parameter.
    /// - Parameters:
    ///   - name: The name.
    ///   - type: The type.
    ///   - value: The value.
    ///   - version: The version.
    ///   - arn: The ARN.
    public init(name: String, type: Kind, value: String, version: Int, arn: String? = nil) {
        self.name = name
        self.type = type
        self.value = value
        self.version = version
        self.arn = arn
    }

    /// Name, type, version and the value's size only.
    public var description: String {
        "SSMParameter(name: \(name), type: \(type.rawValue), version: \(version), value: <redacted \(value.utf8.count) bytes>)"
    }
}
