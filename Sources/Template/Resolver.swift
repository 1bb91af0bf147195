import Foundation

/// Resolves CloudFormation intrinsic functions as far as a local run can.
struct Resolver: Sendable {
    let environment: StackTemplate.Environment
    let resources: [String: TemplateValue]
    private(set) var parameters: [String: String] = [:]

    init(environment: StackTemplate.Environment, resources: [String: TemplateValue]) {
        self.environment = environment
        self.resources = resources
    }

    mutating func loadParameters(_ declared: [String: TemplateValue]) throws {
        for (name, declaration) in declared {
            if let override = environment.parameterOverrides[name] {
                parameters[name] = override
            } else if let value = declaration["Default"] {
                parameters[name] = Self.text(value)
            }
        }
        for name in environment.parameterOverrides.keys where declared[name] == nil {
            throw TemplateError.invalidResource(name, "no such parameter in the template (given as an override)")
        }
    }

    // MARK: Resolution

    func resolve(_ value: TemplateValue) -> TemplateValue {
        if let (name, argument) = value.intrinsic {
            switch name {
            case "Ref": return ref(argument.stringValue ?? "")
            case "Fn::Sub": return .string(sub(argument))
            case "Fn::GetAtt": return .string(getAtt(argument))
            case "Fn::Join": return .string(join(argument))
            default: return .string("<\(name)>")
            }
        }
        switch value {
        case .array(let elements): return .array(elements.map(resolve))
        case .object(let members): return .object(members.mapValues(resolve))
        default: return value
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
        resources[logicalID]?["Type"]?.stringValue == "AWS::Lambda::Function"
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
        if let value = parameters[name] { return .string(value) }
        if isFunction(name) { return .string(functionName(name)) }
        return .string("<\(name)>")
    }

    private func getAtt(_ argument: TemplateValue) -> String {
        guard let (resource, attribute) = Self.getAttParts(argument) else { return "<Fn::GetAtt>" }
        if attribute == "Arn", isFunction(resource) { return functionARN(resource) }
        return "<\(resource).\(attribute)>"
    }

    private func join(_ argument: TemplateValue) -> String {
        guard let parts = argument.arrayValue, parts.count == 2, let delimiter = parts[0].stringValue,
            let list = resolve(parts[1]).arrayValue
        else { return "<Fn::Join>" }
        return list.map(Self.text).joined(separator: delimiter)
    }

    private func sub(_ argument: TemplateValue) -> String {
        let template: String
        var variables: [String: String] = [:]
        if let text = argument.stringValue {
            template = text
        } else if let parts = argument.arrayValue, let text = parts.first?.stringValue {
            template = text
            for (key, value) in parts.dropFirst().first?.objectValue ?? [:] { variables[key] = string(value) }
        } else {
            return "<Fn::Sub>"
        }
        var output = ""
        var rest = Substring(template)
        while let start = rest.range(of: "${") {
            output += rest[..<start.lowerBound]
            let afterOpen = rest[start.upperBound...]
            guard let close = afterOpen.firstIndex(of: "}") else {
                output += rest[start.lowerBound...]
                return output
            }
            let name = String(afterOpen[..<close])
            rest = afterOpen[afterOpen.index(after: close)...]
            if name.hasPrefix("!") {
                output += "${\(name.dropFirst())}"
            } else if let value = variables[name] {
                output += value
            } else if name.contains("."), !name.hasPrefix("AWS::") {
                let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
                output += getAtt(.array(parts.map(TemplateValue.string)))
            } else {
                output += Self.text(ref(name))
            }
        }
        return output + rest
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
        case .string(let text): return text
        case .number(let number):
            return number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return ""
        case .array, .object: return json(value)
        }
    }

    static func json(_ value: TemplateValue) -> String {
        switch value {
        case .string(let text):
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
