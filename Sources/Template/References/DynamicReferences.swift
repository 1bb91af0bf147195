/// Answers dynamic references: the one place where a template meets SSM and Secrets Manager. The template module
/// defines only this contract; `lambda-local` answers it with the AWS module's clients.
public protocol DynamicReferenceSource: Sendable {
    /// The value a reference names.
    /// - Parameter reference: The reference.
    /// - Returns: Its value.
    /// - Throws: Anything; the error is reported with the function and variable the reference is in, so it must
    ///   never quote a secret.
    func value(for reference: DynamicReference) async throws -> String
}

/// Finding and replacing the `{{resolve:…}}` references in text.
public enum DynamicReferences {
    /// Every dynamic reference in a text, in order, with where it is.
    /// - Parameter text: Text that may hold references among other characters.
    /// - Returns: The references and their ranges.
    /// - Throws: ``DynamicReferenceError`` for a reference that is not well formed or not closed with `}}`.
    public static func find(in text: String) throws(DynamicReferenceError) -> [(range: Range<String.Index>, reference: DynamicReference)] {
        var found: [(Range<String.Index>, DynamicReference)] = []
        var rest = text[...]
        while let start = rest.range(of: "{{resolve:") {
            guard let end = rest[start.upperBound...].range(of: "}}") else {
                throw DynamicReferenceError(String(rest[start.lowerBound...]), "not closed with }}")
            }
            let range = start.lowerBound..<end.upperBound
            found.append((range, try DynamicReference(parsing: String(text[range]))))
            rest = rest[end.upperBound...]
        }
        return found
    }

    /// The text with each reference replaced by its value.
    /// - Parameters:
    ///   - text: The text.
    ///   - values: The value of each reference the text holds.
    /// - Returns: The text with the values in place (a reference without a value stays as written).
    /// - Throws: ``DynamicReferenceError`` as ``find(in:)``.
    public static func replace(in text: String, with values: [DynamicReference: String]) throws(DynamicReferenceError) -> String {
        var output = ""
        var position = text.startIndex
        for (range, reference) in try find(in: text) {
            output += text[position..<range.lowerBound]
            output += values[reference] ?? reference.text
            position = range.upperBound
        }
        return output + text[position...]
    }
}

extension StackTemplate {
    /// The dynamic references in the functions' environment variables, each once, in function and variable order.
    public var dynamicReferences: [DynamicReference] {
        var seen: Set<DynamicReference> = []
        var references: [DynamicReference] = []
        for function in functions {
            for key in function.environment.keys.sorted() {
                for (_, reference) in (try? DynamicReferences.find(in: function.environment[key]!)) ?? []
                where seen.insert(reference).inserted {
                    references.append(reference)
                }
            }
        }
        return references
    }

    /// The template with every dynamic reference in the functions' environment variables replaced by its value,
    /// each reference asked of the source once.
    /// - Parameter source: Answers the references.
    /// - Returns: The resolved template.
    /// - Throws: ``TemplateError/invalidResource(_:_:)`` naming the function, the variable and the reference when
    ///   the source fails (with the source's error, which never holds a value).
    public func resolvingDynamicReferences(using source: some DynamicReferenceSource) async throws(TemplateError) -> StackTemplate {
        var values: [DynamicReference: String] = [:]
        var resolved = self
        for index in resolved.functions.indices {
            let function = resolved.functions[index]
            for key in function.environment.keys.sorted() {
                let text = function.environment[key]!
                do {
                    for (_, reference) in try DynamicReferences.find(in: text) where values[reference] == nil {
                        do {
                            values[reference] = try await source.value(for: reference)
                        } catch {
                            throw DynamicReferenceError(reference.text, "\(error)")
                        }
                    }
                    resolved.functions[index].environment[key] = try DynamicReferences.replace(in: text, with: values)
                } catch {
                    throw TemplateError.invalidResource(function.logicalID, "Environment.Variables.\(key): \(error)")
                }
            }
        }
        return resolved
    }

    /// Checks the references in the functions' environment variables as CloudFormation would: well formed, and no
    /// `ssm-secure` (CloudFormation refuses it in `AWS::Lambda::Function` properties).
    static func checkDynamicReferences(_ functions: [FunctionDefinition]) throws(TemplateError) {
        for function in functions {
            for key in function.environment.keys.sorted() {
                let found: [(range: Range<String.Index>, reference: DynamicReference)]
                do {
                    found = try DynamicReferences.find(in: function.environment[key]!)
                } catch {
                    throw TemplateError.invalidResource(function.logicalID, "Environment.Variables.\(key): \(error)")
                }
                for (_, reference) in found {
                    if case .secureParameter = reference.target {
                        throw TemplateError.invalidResource(
                            function.logicalID,
                            "Environment.Variables.\(key): \(reference.text): CloudFormation takes ssm-secure references only in "
                                + "some resource properties, not in a Lambda function's; use secretsmanager, or read the parameter at run time")
                    }
                }
            }
        }
    }
}
