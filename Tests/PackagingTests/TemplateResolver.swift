import Foundation

/// Evaluates the intrinsic functions template.json uses (Ref, Fn::GetAtt, Fn::Sub, Fn::If, Fn::Equals, Fn::Join)
/// against a deployed stack, so tests compare what was deployed with what the template declares, not with copies.
struct TemplateResolver {
    let template: Template
    /// Parameter values: defaults, then the overrides the stack was deployed with.
    let parameters: [String: String]
    /// Logical id → physical id (what `Ref` returns for a resource).
    let physicalIDs: [String: String]
    /// `Fn::GetAtt` for (logical id, attribute).
    let attribute: (String, String) throws -> String

    static let pseudoParameters = [
        "AWS::Region": "us-east-1", "AWS::AccountId": "123456789012", "AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com",
    ]

    /// A value that resolves to nothing (`Ref: AWS::NoValue`); dropped from objects and arrays.
    private struct NoValue: Error {}

    func resolve(_ value: Any) throws -> Any {
        switch value {
        case let object as [String: Any] where object.count == 1:
            let (key, argument) = object.first!
            switch key {
            case "Ref": return try reference(argument as? String ?? "")
            case "Fn::GetAtt":
                let parts = argument as? [String] ?? (argument as? String)?.split(separator: ".", maxSplits: 1).map(String.init) ?? []
                guard parts.count == 2 else { throw CommandError(description: "bad Fn::GetAtt \(argument)") }
                return try attribute(parts[0], parts[1])
            case "Fn::Sub": return try substitute(argument)
            case "Fn::If":
                guard let arguments = argument as? [Any], arguments.count == 3, let name = arguments[0] as? String else {
                    throw CommandError(description: "bad Fn::If \(argument)")
                }
                return try resolve(try condition(name) ? arguments[1] : arguments[2])
            case "Fn::Join":
                guard let arguments = argument as? [Any], arguments.count == 2, let separator = arguments[0] as? String,
                    let items = try resolve(arguments[1]) as? [Any]
                else { throw CommandError(description: "bad Fn::Join \(argument)") }
                return items.map { "\($0)" }.joined(separator: separator)
            default:
                return [key: try resolve(argument)]
            }
        case let object as [String: Any]:
            var result: [String: Any] = [:]
            for (key, item) in object {
                do { result[key] = try resolve(item) } catch is NoValue {}
            }
            return result
        case let array as [Any]:
            return try array.compactMap { item in
                do { return try resolve(item) } catch is NoValue { return nil }
            }
        default:
            return value
        }
    }

    /// Resolves `value` and expects a string.
    func string(_ value: Any) throws -> String {
        guard let text = try resolve(value) as? String else { throw CommandError(description: "\(value) does not resolve to a string") }
        return text
    }

    func condition(_ name: String) throws -> Bool {
        guard let conditions = template.json["Conditions"] as? [String: Any], let body = conditions[name] as? [String: Any],
            let equals = body["Fn::Equals"] as? [Any], equals.count == 2
        else { throw CommandError(description: "condition \(name) is not an Fn::Equals") }
        return try "\(resolve(equals[0]))" == "\(resolve(equals[1]))"
    }

    private func reference(_ name: String) throws -> Any {
        if name == "AWS::NoValue" { throw NoValue() }
        if let value = Self.pseudoParameters[name] ?? parameters[name] ?? physicalIDs[name] { return value }
        throw CommandError(description: "Ref \(name) resolves to nothing")
    }

    private func substitute(_ argument: Any) throws -> String {
        var text: String
        var variables: [String: Any] = [:]
        if let string = argument as? String {
            text = string
        } else if let pair = argument as? [Any], pair.count == 2, let string = pair[0] as? String, let map = pair[1] as? [String: Any] {
            text = string
            variables = map
        } else {
            throw CommandError(description: "bad Fn::Sub \(argument)")
        }
        var result = ""
        while let start = text.range(of: "${") {
            result += text[..<start.lowerBound]
            guard let end = text[start.upperBound...].firstIndex(of: "}") else { throw CommandError(description: "unclosed ${ in \(text)") }
            let name = String(text[start.upperBound..<end])
            if let value = variables[name] {
                result += "\(try resolve(value))"
            } else if let dot = name.firstIndex(of: "."), !name.hasPrefix("AWS::") {
                result += try attribute(String(name[..<dot]), String(name[name.index(after: dot)...]))
            } else {
                result += "\(try reference(name))"
            }
            text = String(text[text.index(after: end)...])
        }
        return result + text
    }
}
