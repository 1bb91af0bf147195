extension StackTemplate {
    static func readRoutes(
        _ resources: [String: TemplateValue], resolver: Resolver, warnings: inout [String]
    ) throws -> [APIRoute] {
        var routes: [APIRoute] = []
        for (logicalID, resource) in resources
        where resource["Type"]?.stringValue == "AWS::ApiGateway::Method" && resolver.exists(logicalID) {
            let properties = resource["Properties"]?.objectValue ?? [:]
            guard let method = properties["HttpMethod"].map({ resolver.string($0).uppercased() }) else {
                throw TemplateError.invalidResource(logicalID, "HttpMethod is missing")
            }
            guard let resourceID = properties["ResourceId"] else {
                throw TemplateError.invalidResource(logicalID, "ResourceId is missing")
            }
            var visited: Set<String> = []
            let path = try resourcePath(resourceID, resources: resources, resolver: resolver, visited: &visited)
                ?? { throw TemplateError.invalidResource(logicalID, "ResourceId names no API resource") }()
            if method == "OPTIONS" && properties["Integration"]?["Type"]?.stringValue == "MOCK" { continue }
            let integration = properties["Integration"]
            let type = integration?["Type"].map { resolver.string($0) } ?? "<none>"
            guard type == "AWS_PROXY" else {
                warnings.append("\(method) \(path) (\(logicalID)): integration type \(type) is not served locally")
                continue
            }
            guard let uri = integration?["Uri"], let function = resolver.referencedFunction(in: uri) else {
                warnings.append("\(method) \(path) (\(logicalID)): integration Uri names no function of the template")
                continue
            }
            routes.append(
                .init(
                    method: method, path: path, functionLogicalID: function,
                    restAPILogicalID: properties["RestApiId"]?.intrinsic?.argument.stringValue))
        }
        return routes.sorted { ($0.path, $0.method) < ($1.path, $1.method) }
    }

    /// The path of an API resource: `Fn::GetAtt [Api, RootResourceId]` is `/`, `Ref R` is R's parent path + `PathPart`.
    private static func resourcePath(
        _ reference: TemplateValue, resources: [String: TemplateValue], resolver: Resolver, visited: inout Set<String>
    ) throws -> String? {
        guard let (name, argument) = reference.intrinsic else { return nil }
        if name == "Fn::GetAtt" {
            guard let (_, attribute) = Resolver.getAttParts(argument), attribute == "RootResourceId" else { return nil }
            return "/"
        }
        guard name == "Ref", let id = argument.stringValue,
            let resource = resources[id], resource["Type"]?.stringValue == "AWS::ApiGateway::Resource"
        else { return nil }
        guard visited.insert(id).inserted else {
            throw TemplateError.invalidResource(id, "API resources form a cycle through ParentId")
        }
        guard let parent = resource["Properties"]?["ParentId"],
            let parentPath = try resourcePath(parent, resources: resources, resolver: resolver, visited: &visited)
        else { throw TemplateError.invalidResource(id, "ParentId names no API resource") }
        guard let part = resource["Properties"]?["PathPart"].map({ resolver.string($0) }), !part.isEmpty else {
            throw TemplateError.invalidResource(id, "PathPart is missing")
        }
        return (parentPath == "/" ? "" : parentPath) + "/" + part
    }

    static func readStageName(_ resources: [String: TemplateValue], resolver: Resolver) -> String {
        for type in ["AWS::ApiGateway::Stage", "AWS::ApiGateway::Deployment"] {
            for (_, resource) in resources.sorted(by: { $0.key < $1.key }) where resource["Type"]?.stringValue == type {
                if let name = resource["Properties"]?["StageName"] { return resolver.string(name) }
            }
        }
        return "Prod"
    }
}
