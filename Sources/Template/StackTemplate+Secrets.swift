extension StackTemplate {
    static func readSecrets(_ resources: [String: TemplateValue], resolver: Resolver) throws(TemplateError) -> [SecretDefinition] {
        var secrets: [SecretDefinition] = []
        for (logicalID, resource) in resources
        where resource["Type"]?.stringValue == "AWS::SecretsManager::Secret" && resolver.exists(logicalID) {
            guard let name = resolver.physicalName(logicalID) else { continue }
            let properties = resolver.resolve(resource["Properties"] ?? .object([:]))
            let content: SecretDefinition.Content
            switch (properties["SecretString"], properties["GenerateSecretString"]) {
            case (let value?, nil):
                guard case .string(let text) = value else {
                    throw TemplateError.invalidResource(logicalID, "SecretString must be a string")
                }
                content = .string(text)
            case (nil, let recipe?):
                content = .generated(try generatedSecret(recipe, logicalID: logicalID))
            case (.some, .some):
                throw TemplateError.invalidResource(logicalID, "give SecretString or GenerateSecretString, not both")
            case (nil, nil):
                // Secrets Manager creates a secret without a value; a local run gives it a generated one.
                content = .generated(SecretDefinition.GeneratedSecret())
            }
            secrets.append(SecretDefinition(
                logicalID: logicalID, name: name, description: properties["Description"]?.stringValue, content: content))
        }
        return secrets.sorted { $0.logicalID < $1.logicalID }
    }

    private static func generatedSecret(_ recipe: TemplateValue, logicalID: String) throws(TemplateError) -> SecretDefinition.GeneratedSecret {
        guard recipe.objectValue != nil else {
            throw TemplateError.invalidResource(logicalID, "GenerateSecretString must be an object")
        }
        var generated = SecretDefinition.GeneratedSecret()
        if let length = recipe["PasswordLength"] {
            guard let value = length.intValue, (1...4096).contains(value) else {
                throw TemplateError.invalidResource(logicalID, "GenerateSecretString.PasswordLength must be an integer from 1 to 4096")
            }
            generated.passwordLength = value
        }
        func flag(_ key: String) -> Bool? {
            switch recipe[key] {
            case .bool(let value)?: value
            case .string(let text)?: text.lowercased() == "true"
            default: nil
            }
        }
        generated.excludeCharacters = recipe["ExcludeCharacters"]?.stringValue ?? ""
        generated.excludeLowercase = flag("ExcludeLowercase") ?? false
        generated.excludeUppercase = flag("ExcludeUppercase") ?? false
        generated.excludeNumbers = flag("ExcludeNumbers") ?? false
        generated.excludePunctuation = flag("ExcludePunctuation") ?? false
        generated.includeSpace = flag("IncludeSpace") ?? false
        generated.requireEachIncludedType = flag("RequireEachIncludedType") ?? true
        generated.secretStringTemplate = recipe["SecretStringTemplate"]?.stringValue
        generated.generateStringKey = recipe["GenerateStringKey"]?.stringValue
        guard (generated.secretStringTemplate == nil) == (generated.generateStringKey == nil) else {
            throw TemplateError.invalidResource(logicalID, "GenerateSecretString needs both SecretStringTemplate and GenerateStringKey, or neither")
        }
        return generated
    }

    static func readSSMParameters(_ resources: [String: TemplateValue], resolver: Resolver) throws(TemplateError) -> [SSMParameterDefinition] {
        var parameters: [SSMParameterDefinition] = []
        for (logicalID, resource) in resources
        where resource["Type"]?.stringValue == "AWS::SSM::Parameter" && resolver.exists(logicalID) {
            guard let name = resolver.physicalName(logicalID) else { continue }
            let properties = resolver.resolve(resource["Properties"] ?? .object([:]))
            let type = properties["Type"]?.stringValue ?? ""
            guard type == "String" || type == "StringList" else {
                throw TemplateError.invalidResource(logicalID, "Type must be String or StringList (CloudFormation cannot create a SecureString), got '\(type)'")
            }
            guard let value = properties["Value"], value.isResolved, value.stringValue.map({ !$0.isEmpty }) ?? false else {
                throw TemplateError.invalidResource(logicalID, "Value must be a non-empty string a local run can resolve")
            }
            parameters.append(SSMParameterDefinition(
                logicalID: logicalID, name: name, type: type, value: Resolver.text(value),
                description: properties["Description"]?.stringValue))
        }
        return parameters.sorted { $0.logicalID < $1.logicalID }
    }
}
