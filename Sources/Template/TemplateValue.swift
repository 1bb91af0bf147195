/// A JSON value of a CloudFormation template, before or after intrinsic functions are resolved.
enum TemplateValue: Decodable, Equatable, Sendable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case array([TemplateValue])
    case object([String: TemplateValue])
    /// What only a deployment knows, as readable text such as `<Api.RootResourceId>` or `tmp-<Bucket>`;
    /// never decoded, only made by the resolver. Anything built from it is unresolved too.
    case unresolved(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([TemplateValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: TemplateValue].self))
        }
    }

    subscript(key: String) -> TemplateValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var objectValue: [String: TemplateValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// Whether the value holds nothing unresolved, at any depth.
    var isResolved: Bool {
        switch self {
        case .unresolved: return false
        case .array(let elements): return elements.allSatisfy(\.isResolved)
        case .object(let members): return members.values.allSatisfy(\.isResolved)
        default: return true
        }
    }

    var arrayValue: [TemplateValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// Numbers written as JSON numbers or as strings (CloudFormation accepts both for `MemorySize`, `Timeout`).
    var intValue: Int? {
        switch self {
        case .number(let value) where value == value.rounded(): return Int(value)
        case .string(let text): return Int(text)
        default: return nil
        }
    }

    /// The single key of an intrinsic-function object such as `{"Ref": "X"}`.
    var intrinsic: (name: String, argument: TemplateValue)? {
        guard case .object(let members) = self, members.count == 1, let (key, value) = members.first,
            key == "Ref" || key.hasPrefix("Fn::")
        else { return nil }
        return (key, value)
    }
}
