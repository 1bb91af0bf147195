extension StackTemplate {
    static func readFunctions(_ resources: [String: TemplateValue], resolver: Resolver) throws
        -> [FunctionDefinition]
    {
        var functions: [FunctionDefinition] = []
        for (logicalID, resource) in resources
        where resource["Type"]?.stringValue == "AWS::Lambda::Function" && resolver.exists(logicalID) {
            let properties = resource["Properties"]?.objectValue ?? [:]
            var definition = FunctionDefinition(logicalID: logicalID, name: resolver.functionName(logicalID))
            definition.handler = properties["Handler"].map { resolver.string($0) } ?? ""
            definition.runtime = properties["Runtime"].map { resolver.string($0) }
            if let memory = properties["MemorySize"] {
                guard let value = resolver.resolve(memory).intValue, (128...32768).contains(value) else {
                    throw TemplateError.invalidResource(logicalID, "MemorySize must be an integer from 128 to 32768")
                }
                definition.memorySize = value
            }
            if let timeout = properties["Timeout"] {
                guard let value = resolver.resolve(timeout).intValue, (1...900).contains(value) else {
                    throw TemplateError.invalidResource(logicalID, "Timeout must be an integer from 1 to 900 seconds")
                }
                definition.timeout = value
            }
            if let variables = properties["Environment"]?["Variables"] {
                guard let members = variables.objectValue else {
                    throw TemplateError.invalidResource(logicalID, "Environment.Variables must be an object")
                }
                for (key, value) in members {
                    let resolved = resolver.resolve(value)
                    if resolved == .null { continue }  // AWS::NoValue drops the variable
                    definition.environment[key] = resolver.string(resolved)
                }
            }
            if let concurrency = try Self.perProcessConcurrency(properties, logicalID: logicalID, resolver: resolver) {
                definition.perProcessConcurrency = concurrency
            }
            if let metadata = resource["Metadata"]?["SwiftLambda"] {
                guard let product = metadata["Product"]?.stringValue, !product.isEmpty else {
                    throw TemplateError.invalidResource(logicalID, "Metadata.SwiftLambda.Product must be a product name")
                }
                definition.product = product
            }
            functions.append(definition)
        }
        return functions.sorted { $0.name < $1.name }
    }

    /// Lambda Managed Instances' `PerExecutionEnvironmentMaxConcurrency`, when the function sets it.
    static func perProcessConcurrency(
        _ properties: [String: TemplateValue], logicalID: String, resolver: Resolver
    ) throws -> Int? {
        guard
            let value = properties["CapacityProviderConfig"]?["LambdaManagedInstancesCapacityProviderConfig"]?[
                "PerExecutionEnvironmentMaxConcurrency"]
        else { return nil }
        guard let number = resolver.resolve(value).intValue, (1...1600).contains(number) else {
            throw TemplateError.invalidResource(
                logicalID,
                "CapacityProviderConfig.LambdaManagedInstancesCapacityProviderConfig.PerExecutionEnvironmentMaxConcurrency must be an integer from 1 to 1600"
            )
        }
        return number
    }

    static func readSchedules(_ resources: [String: TemplateValue], resolver: Resolver) throws -> [ScheduleRule] {
        var rules: [ScheduleRule] = []
        for (logicalID, resource) in resources
        where resource["Type"]?.stringValue == "AWS::Events::Rule" && resolver.exists(logicalID) {
            let properties = resource["Properties"]?.objectValue ?? [:]
            guard let expression = properties["ScheduleExpression"] else { continue }  // event-pattern rules
            let state = properties["State"].map { resolver.string($0) } ?? "ENABLED"
            var targets: [ScheduleRule.Target] = []
            for target in properties["Targets"]?.arrayValue ?? [] {
                guard let arnValue = target["Arn"] else {
                    throw TemplateError.invalidResource(logicalID, "every target needs an Arn")
                }
                targets.append(
                    .init(
                        id: target["Id"].map { resolver.string($0) },
                        functionLogicalID: resolver.referencedFunction(in: arnValue),
                        arn: resolver.string(arnValue),
                        input: target["Input"].map { resolver.string($0) }
                    ))
            }
            rules.append(
                .init(
                    logicalID: logicalID, name: properties["Name"].map { resolver.string($0) } ?? logicalID,
                    scheduleExpression: resolver.string(expression), isEnabled: state == "ENABLED",
                    targets: targets))
        }
        return rules.sorted { $0.logicalID < $1.logicalID }
    }
}
