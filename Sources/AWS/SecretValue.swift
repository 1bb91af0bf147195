import FoundationEssentials

/// A secret's value as GetSecretValue answers it. Its description never shows the value.
public struct SecretValue: Sendable, Equatable, Decodable, CustomStringConvertible {
    /// The secret's ARN.
    public var arn: String
    /// The secret's name.
    public var name: String
    /// The version read.
    public var versionID: String?
    /// The stages attached to that version, e.g. `["AWSCURRENT"]`.
    public var versionStages: [String]
    /// The text value, for secrets stored as text (most are, often a JSON object).
    public var secretString: String?
    /// The binary value, for secrets stored as bytes.
    public var secretBinary: [UInt8]?

    enum CodingKeys: String, CodingKey {
        case arn = "ARN", name = "Name", versionID = "VersionId", versionStages = "VersionStages"
        case secretString = "SecretString", secretBinary = "SecretBinary"
    }

    /// Creates a value.
    /// - Parameters:
    ///   - arn: The ARN.
    ///   - name: The name.
    ///   - versionID: The version.
    ///   - versionStages: The version's stages.
    ///   - secretString: The text value.
    ///   - secretBinary: The binary value.
    public init(
        arn: String, name: String, versionID: String? = nil, versionStages: [String] = [], secretString: String? = nil,
        secretBinary: [UInt8]? = nil
    ) {
        self.arn = arn
        self.name = name
        self.versionID = versionID
        self.versionStages = versionStages
        self.secretString = secretString
        self.secretBinary = secretBinary
    }

    /// Decodes GetSecretValue's answer; `SecretBinary` arrives as base64.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        arn = try container.decode(String.self, forKey: .arn)
        name = try container.decode(String.self, forKey: .name)
        versionID = try container.decodeIfPresent(String.self, forKey: .versionID)
        versionStages = try container.decodeIfPresent([String].self, forKey: .versionStages) ?? []
        secretString = try container.decodeIfPresent(String.self, forKey: .secretString)
        secretBinary = try container.decodeIfPresent(Data.self, forKey: .secretBinary).map(Array.init)
    }

    /// Name, version and the value's size only.
    public var description: String {
        let size = secretString.map { "string of \($0.utf8.count) bytes" } ?? secretBinary.map { "binary of \($0.count) bytes" } ?? "empty"
        return "SecretValue(name: \(name), versionID: \(versionID ?? "none"), stages: \(versionStages), value: <redacted \(size)>)"
    }
}
