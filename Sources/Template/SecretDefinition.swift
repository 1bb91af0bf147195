/// An `AWS::SecretsManager::Secret` of a template, with the name a local run gives it.
public struct SecretDefinition: Sendable, Equatable {
    /// What the secret starts with: a value, or a recipe for a random one.
    public enum Content: Sendable, Equatable {
        /// `SecretString` as written.
        case string(String)
        /// `GenerateSecretString`: a random password, alone or under a key of a JSON object.
        case generated(GeneratedSecret)
    }

    /// `GenerateSecretString`'s settings, with Secrets Manager's defaults.
    public struct GeneratedSecret: Sendable, Equatable {
        /// Characters in the password, 32 by default.
        public var passwordLength = 32
        /// Characters never used.
        public var excludeCharacters = ""
        /// No lower-case letters.
        public var excludeLowercase = false
        /// No upper-case letters.
        public var excludeUppercase = false
        /// No digits.
        public var excludeNumbers = false
        /// No punctuation.
        public var excludePunctuation = false
        /// The space may be used.
        public var includeSpace = false
        /// At least one character of every included kind (true by default).
        public var requireEachIncludedType = true
        /// A JSON object the password is added to under ``generateStringKey``; both or neither are set.
        public var secretStringTemplate: String?
        /// The key the password goes under in ``secretStringTemplate``.
        public var generateStringKey: String?

        /// Creates settings with Secrets Manager's defaults.
        public init() {}
    }

    /// The resource's logical id, e.g. `ApiProxyAdminKey`.
    public var logicalID: String
    /// `Name`, or one made from the stack name and logical id, the same on every run.
    public var name: String
    /// `Description`, if any.
    public var description: String?
    /// The initial value.
    public var content: Content

    /// Creates a secret definition.
    /// - Parameters:
    ///   - logicalID: The logical id.
    ///   - name: The secret's name.
    ///   - description: Its description.
    ///   - content: Its initial value.
    public init(logicalID: String, name: String, description: String? = nil, content: Content) {
        self.logicalID = logicalID
        self.name = name
        self.description = description
        self.content = content
    }
}

/// An `AWS::SSM::Parameter` of a template, with the name a local run gives it.
public struct SSMParameterDefinition: Sendable, Equatable {
    /// The resource's logical id.
    public var logicalID: String
    /// `Name`, or one made from the stack name and logical id.
    public var name: String
    /// `String` or `StringList` (CloudFormation cannot create a `SecureString`).
    public var type: String
    /// `Value`, resolved.
    public var value: String
    /// `Description`, if any.
    public var description: String?

    /// Creates a parameter definition.
    /// - Parameters:
    ///   - logicalID: The logical id.
    ///   - name: The name.
    ///   - type: `String` or `StringList`.
    ///   - value: The value.
    ///   - description: The description.
    public init(logicalID: String, name: String, type: String, value: String, description: String? = nil) {
        self.logicalID = logicalID
        self.name = name
        self.type = type
        self.value = value
        self.description = description
    }
}
