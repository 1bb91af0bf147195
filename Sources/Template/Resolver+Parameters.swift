import Foundation

extension Resolver {
    /// Takes each parameter's override or default, checked against its constraints as CloudFormation checks them.
    mutating func loadParameters(_ declared: [String: TemplateValue]) throws(TemplateError) {
        for name in environment.parameterOverrides.keys.sorted() where declared[name] == nil {
            throw TemplateError.unknownParameter(name, declared: declared.keys.sorted())
        }
        declaredParameters = Set(declared.keys)
        for (name, declaration) in declared.sorted(by: { $0.key < $1.key }) {
            let value: String
            if let override = environment.parameterOverrides[name] {
                value = override
            } else if let fallback = declaration["Default"] {
                value = Self.text(fallback)
            } else {
                continue  // only a deployment knows; `Ref` to it stays unresolved
            }
            if let reason = try Self.violation(of: declaration, named: name, by: value) {
                let isDefault = environment.parameterOverrides[name] == nil
                throw TemplateError.invalidParameterValue(name, value: value, reason: reason + (isDefault ? " (the template's default)" : ""))
            }
            parameters[name] = value
        }
    }

    /// Why a value breaks a parameter's constraints (`AllowedValues`, `AllowedPattern`, `MinLength`,
    /// `MaxLength`, and for `Number` parameters `MinValue`, `MaxValue`), or nil when it keeps them.
    private static func violation(of declaration: TemplateValue, named name: String, by value: String) throws(TemplateError)
        -> String?
    {
        let constraint = declaration["ConstraintDescription"].map { " (\(text($0)))" } ?? ""
        if let allowed = declaration["AllowedValues"]?.arrayValue?.map(text), !allowed.contains(value) {
            return "is not one of the allowed values: \(allowed.joined(separator: ", "))\(constraint)"
        }
        if let pattern = declaration["AllowedPattern"].map(text), !(try matches(value, wholly: pattern, parameter: name)) {
            return "does not match the allowed pattern \(pattern)\(constraint)"
        }
        if let least = declaration["MinLength"]?.intValue, value.count < least {
            return "is shorter than the minimum length \(least)\(constraint)"
        }
        if let most = declaration["MaxLength"]?.intValue, value.count > most {
            return "is longer than the maximum length \(most)\(constraint)"
        }
        if declaration["Type"]?.stringValue == "Number" {
            guard let number = Double(value.trimmingCharacters(in: .whitespaces)) else { return "is not a number" }
            if let least = declaration["MinValue"].flatMap({ Double(text($0)) }), number < least {
                return "is less than the minimum value \(text(.number(least)))\(constraint)"
            }
            if let most = declaration["MaxValue"].flatMap({ Double(text($0)) }), number > most {
                return "is greater than the maximum value \(text(.number(most)))\(constraint)"
            }
        }
        return nil
    }

    /// Whether the whole value matches a pattern, as Java's `matches()` (CloudFormation's) decides.
    private static func matches(_ value: String, wholly pattern: String, parameter: String) throws(TemplateError) -> Bool {
        let expression: NSRegularExpression
        do {
            expression = try NSRegularExpression(pattern: "\\A(?:\(pattern))\\z")
        } catch {
            throw TemplateError.invalidParameter(parameter, reason: "AllowedPattern \(pattern) is not a regular expression")
        }
        return expression.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
    }
}
