import Foundation

/// Resolves CloudFormation intrinsic functions as far as a local run can.
///
/// Parameters, pseudo parameters, conditions, mappings and the physical names of the resources
/// ``LocalNames`` knows resolve to what a deployment would give them; only what a local run cannot know
/// (a REST API's id, a parameter without a value) becomes ``TemplateValue/unresolved(_:)``.
struct Resolver: Sendable {
    let environment: StackTemplate.Environment
    let resources: [String: TemplateValue]
    let conditions: [String: TemplateValue]
    let mappings: [String: TemplateValue]
    /// Values in force (defaults with overrides applied); a parameter with neither is declared but absent.
    var parameters: [String: String] = [:]
    var declaredParameters: Set<String> = []
    /// Resources and conditions being resolved, so that a cycle ends unresolved instead of recursing forever.
    var inProgress: Set<String> = []

    init(
        environment: StackTemplate.Environment, resources: [String: TemplateValue],
        conditions: [String: TemplateValue] = [:], mappings: [String: TemplateValue] = [:]
    ) {
        self.environment = environment
        self.resources = resources
        self.conditions = conditions
        self.mappings = mappings
    }

    // MARK: Resolution

    func resolve(_ value: TemplateValue) -> TemplateValue {
        if let (name, argument) = value.intrinsic {
            switch name {
            case "Ref": return ref(argument.stringValue ?? "")
            case "Fn::Sub": return sub(argument)
            case "Fn::GetAtt": return getAtt(argument)
            case "Fn::Join": return join(argument)
            case "Fn::If": return ifValue(argument)
            case "Fn::Select": return select(argument)
            case "Fn::Split": return split(argument)
            case "Fn::FindInMap": return findInMap(argument)
            default: return .unresolved("<\(name)>")
            }
        }
        switch value {
        case .array(let elements):
            // AWS::NoValue (directly or through Fn::If) removes a list element, as in CloudFormation.
            return .array(elements.compactMap { element in
                let resolved = resolve(element)
                return resolved == .null && element.intrinsic != nil ? nil : resolved
            })
        case .object(let members):
            return .object(members.compactMapValues { member in
                let resolved = resolve(member)
                return resolved == .null && member.intrinsic != nil ? nil : resolved
            })
        default:
            return value
        }
    }

    func string(_ value: TemplateValue) -> String { Self.text(resolve(value)) }

    func functionName(_ logicalID: String) -> String {
        guard let property = resources[logicalID]?["Properties"]?["FunctionName"] else { return logicalID }
        if property.intrinsic?.name == "Ref", property.intrinsic?.argument.stringValue == logicalID { return logicalID }
        return string(property)
    }

    func functionARN(_ logicalID: String) -> String {
        "arn:aws:lambda:\(environment.region):\(environment.accountID):function:\(functionName(logicalID))"
    }

    func isFunction(_ logicalID: String) -> Bool {
        resourceType(logicalID) == "AWS::Lambda::Function"
    }

    func resourceType(_ logicalID: String) -> String? {
        resources[logicalID]?["Type"]?.stringValue
    }

    /// The function a value names through `Fn::GetAtt [F, Arn]`, `${F.Arn}` in `Fn::Sub`, or `Ref F`.
    func referencedFunction(in value: TemplateValue) -> String? {
        if let (name, argument) = value.intrinsic {
            switch name {
            case "Ref":
                if let id = argument.stringValue, isFunction(id) { return id }
            case "Fn::GetAtt":
                if let (resource, attribute) = Self.getAttParts(argument), attribute == "Arn", isFunction(resource) {
                    return resource
                }
            case "Fn::Sub":
                let template = argument.stringValue ?? argument.arrayValue?.first?.stringValue ?? ""
                for variable in Self.subVariables(template) {
                    let parts = variable.split(separator: ".", maxSplits: 1).map(String.init)
                    if parts.count == 2, parts[1] == "Arn", isFunction(parts[0]) { return parts[0] }
                }
                if let variables = argument.arrayValue?.dropFirst().first?.objectValue {
                    for value in variables.values { if let found = referencedFunction(in: value) { return found } }
                }
            default:
                break
            }
            return referencedFunction(in: argument)
        }
        switch value {
        case .array(let elements): return elements.lazy.compactMap(referencedFunction).first
        case .object(let members): return members.values.lazy.compactMap(referencedFunction).first
        default: return nil
        }
    }

    private func ref(_ name: String) -> TemplateValue {
        switch name {
        case "AWS::Region": return .string(environment.region)
        case "AWS::AccountId": return .string(environment.accountID)
        case "AWS::StackName": return .string(environment.stackName)
        case "AWS::StackId":
            return .string("arn:aws:cloudformation:\(environment.region):\(environment.accountID):stack/\(environment.stackName)/local")
        case "AWS::Partition": return .string("aws")
        case "AWS::URLSuffix": return .string("amazonaws.com")
        case "AWS::NoValue": return .null
        default: break
        }
        if declaredParameters.contains(name) {
            return parameters[name].map(TemplateValue.string) ?? .unresolved("<\(name)>")
        }
        if isFunction(name) { return .string(functionName(name)) }
        if let physical = physicalName(name) { return .string(physical) }
        return .unresolved("<\(name)>")
    }

    private func getAtt(_ argument: TemplateValue) -> TemplateValue {
        guard let (resource, attribute) = Self.getAttParts(argument) else { return .unresolved("<Fn::GetAtt>") }
        if attribute == "Arn", isFunction(resource) { return .string(functionARN(resource)) }
        if let type = resourceType(resource), let name = physicalName(resource),
            let value = LocalNames.attribute(attribute, ofType: type, named: name, properties: properties(of: resource),
                                             environment: environment)
        {
            return .string(value)
        }
        return .unresolved("<\(resource).\(attribute)>")
    }

    /// A resource's properties, resolved.
    private func properties(of logicalID: String) -> [String: TemplateValue] {
        guard !inProgress.contains(logicalID), let properties = resources[logicalID]?["Properties"] else { return [:] }
        var inner = self
        inner.inProgress.insert(logicalID)
        return inner.resolve(properties).objectValue ?? [:]
    }

    /// The name a deployment would give a resource of a type ``LocalNames`` knows: its name property when that
    /// resolves, else a name made from the stack name and logical id.
    func physicalName(_ logicalID: String) -> String? {
        guard let type = resourceType(logicalID), LocalNames.nameProperty[type] != nil else { return nil }
        return givenName(logicalID)
            ?? LocalNames.generatedName(ofType: type, logicalID: logicalID, stackName: environment.stackName)
    }

    /// A resource's name property, when it resolves to a name (not `AWS::NoValue`, empty or unresolved).
    func givenName(_ logicalID: String) -> String? {
        guard let type = resourceType(logicalID), let nameProperty = LocalNames.nameProperty[type],
            let property = resources[logicalID]?["Properties"]?[nameProperty], !inProgress.contains(logicalID)
        else { return nil }
        var inner = self
        inner.inProgress.insert(logicalID)
        guard case .string(let name) = inner.resolve(property), !name.isEmpty else { return nil }
        return name
    }

    private func join(_ argument: TemplateValue) -> TemplateValue {
        guard let parts = argument.arrayValue, parts.count == 2, let delimiter = parts[0].stringValue,
            case let list = resolve(parts[1]), let elements = list.arrayValue
        else { return .unresolved("<Fn::Join>") }
        let text = elements.map(Self.text).joined(separator: delimiter)
        return list.isResolved ? .string(text) : .unresolved(text)
    }

    private func ifValue(_ argument: TemplateValue) -> TemplateValue {
        guard let parts = argument.arrayValue, parts.count == 3, let name = parts[0].stringValue,
            let holds = condition(name)
        else { return .unresolved("<Fn::If>") }
        return resolve(holds ? parts[1] : parts[2])
    }

    private func select(_ argument: TemplateValue) -> TemplateValue {
        guard let parts = argument.arrayValue, parts.count == 2, let index = resolve(parts[0]).intValue else {
            return .unresolved("<Fn::Select>")
        }
        guard let list = resolve(parts[1]).arrayValue, list.indices.contains(index) else { return .unresolved("<Fn::Select>") }
        return list[index]
    }

    private func split(_ argument: TemplateValue) -> TemplateValue {
        guard let parts = argument.arrayValue, parts.count == 2, let delimiter = parts[0].stringValue, !delimiter.isEmpty,
            case .string(let text) = resolve(parts[1])
        else { return .unresolved("<Fn::Split>") }
        return .array(text.components(separatedBy: delimiter).map(TemplateValue.string))
    }

    private func findInMap(_ argument: TemplateValue) -> TemplateValue {
        guard let parts = argument.arrayValue, parts.count == 3 else { return .unresolved("<Fn::FindInMap>") }
        let keys = parts.map(resolve)
        guard keys.allSatisfy(\.isResolved), let value = mappings[Self.text(keys[0])]?[Self.text(keys[1])]?[Self.text(keys[2])]
        else { return .unresolved("<Fn::FindInMap>") }
        return value
    }

    private func sub(_ argument: TemplateValue) -> TemplateValue {
        let template: String
        var variables: [String: TemplateValue] = [:]
        if let text = argument.stringValue {
            template = text
        } else if let parts = argument.arrayValue, let text = parts.first?.stringValue {
            template = text
            for (key, value) in parts.dropFirst().first?.objectValue ?? [:] { variables[key] = resolve(value) }
        } else {
            return .unresolved("<Fn::Sub>")
        }
        var output = ""
        var isResolved = true
        func append(_ value: TemplateValue) {
            output += Self.text(value)
            isResolved = isResolved && value.isResolved
        }
        var rest = Substring(template)
        while let start = rest.range(of: "${") {
            output += rest[..<start.lowerBound]
            let afterOpen = rest[start.upperBound...]
            guard let close = afterOpen.firstIndex(of: "}") else {
                output += rest[start.lowerBound...]
                rest = ""
                break
            }
            let name = String(afterOpen[..<close])
            rest = afterOpen[afterOpen.index(after: close)...]
            if name.hasPrefix("!") {
                output += "${\(name.dropFirst())}"
            } else if let value = variables[name] {
                append(value)
            } else if name.contains("."), !name.hasPrefix("AWS::") {
                let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
                append(getAtt(.array(parts.map(TemplateValue.string))))
            } else {
                append(ref(name))
            }
        }
        output += rest
        return isResolved ? .string(output) : .unresolved(output)
    }

    // MARK: Helpers

    static func getAttParts(_ argument: TemplateValue) -> (String, String)? {
        if let parts = argument.arrayValue, parts.count == 2, let resource = parts[0].stringValue,
            let attribute = parts[1].stringValue
        {
            return (resource, attribute)
        }
        if let text = argument.stringValue, let dot = text.firstIndex(of: ".") {
            return (String(text[..<dot]), String(text[text.index(after: dot)...]))
        }
        return nil
    }

    static func subVariables(_ template: String) -> [String] {
        var names: [String] = []
        var rest = Substring(template)
        while let start = rest.range(of: "${"), let close = rest[start.upperBound...].firstIndex(of: "}") {
            names.append(String(rest[start.upperBound..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// The text of a resolved value: strings as they are, numbers without a needless `.0`, others as JSON.
    static func text(_ value: TemplateValue) -> String {
        switch value {
        case .string(let text), .unresolved(let text): return text
        case .number(let number):
            return number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return ""
        case .array, .object: return json(value)
        }
    }

    static func json(_ value: TemplateValue) -> String {
        switch value {
        case .string(let text), .unresolved(let text):
            let data = try? JSONEncoder().encode(text)
            return data.flatMap { String(data: $0, encoding: .utf8) } ?? "\"\""
        case .number, .bool: return text(value)
        case .null: return "null"
        case .array(let elements): return "[" + elements.map(json).joined(separator: ",") + "]"
        case .object(let members):
            return "{" + members.sorted { $0.key < $1.key }.map { json(.string($0.key)) + ":" + json($0.value) }
                .joined(separator: ",") + "}"
        }
    }
}
