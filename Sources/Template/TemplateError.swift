/// An error reading a CloudFormation template.
public struct TemplateError: Error, Equatable, CustomStringConvertible, Sendable {
    private enum Code: Equatable, Sendable {
        case fileNotFound(path: String)
        case unreadable(path: String, reason: String)
        case invalidJSON(reason: String)
        case noResources
        case invalidResource(logicalID: String, reason: String)
        case unknownParameter(name: String, declared: [String])
        case invalidParameterValue(name: String, value: String, reason: String)
        case invalidParameter(name: String, reason: String)
        case invalidStackName(name: String)
    }

    private let code: Code

    private init(_ code: Code) { self.code = code }

    /// The template file does not exist.
    public static func fileNotFound(path: String) -> TemplateError { .init(.fileNotFound(path: path)) }
    /// The template file exists but could not be read.
    public static func unreadable(path: String, reason: String) -> TemplateError {
        .init(.unreadable(path: path, reason: reason))
    }
    /// The template is not valid JSON.
    public static func invalidJSON(reason: String) -> TemplateError { .init(.invalidJSON(reason: reason)) }
    /// The template has no `Resources` object, so it is not a CloudFormation template.
    public static var noResources: TemplateError { .init(.noResources) }
    /// A resource the emulator needs is malformed.
    public static func invalidResource(_ logicalID: String, _ reason: String) -> TemplateError {
        .init(.invalidResource(logicalID: logicalID, reason: reason))
    }

    /// A parameter value was given for a parameter the template does not declare.
    /// - Parameters:
    ///   - name: The name given.
    ///   - declared: The template's parameter names, for the message.
    public static func unknownParameter(_ name: String, declared: [String]) -> TemplateError {
        .init(.unknownParameter(name: name, declared: declared))
    }
    /// A parameter's value (given, or its default) breaks the parameter's constraints.
    /// - Parameters:
    ///   - name: The parameter.
    ///   - value: The value.
    ///   - reason: Which constraint, in words.
    public static func invalidParameterValue(_ name: String, value: String, reason: String) -> TemplateError {
        .init(.invalidParameterValue(name: name, value: value, reason: reason))
    }
    /// A parameter's declaration is malformed (e.g. an `AllowedPattern` that is no regular expression).
    /// - Parameters:
    ///   - name: The parameter.
    ///   - reason: What is wrong.
    public static func invalidParameter(_ name: String, reason: String) -> TemplateError {
        .init(.invalidParameter(name: name, reason: reason))
    }
    /// The stack name is not one CloudFormation accepts (a letter, then letters, digits and `-`; 128 at most).
    public static func invalidStackName(_ name: String) -> TemplateError { .init(.invalidStackName(name: name)) }

    /// A readable message for the user.
    public var description: String {
        switch code {
        case .fileNotFound(let path):
            return "template not found: \(path) (pass --template or run in the folder that has template.json)"
        case .unreadable(let path, let reason):
            return "cannot read template \(path): \(reason)"
        case .invalidJSON(let reason):
            return "template is not valid JSON: \(reason)"
        case .noResources:
            return "template has no \"Resources\" object; is this a CloudFormation template?"
        case .invalidResource(let logicalID, let reason):
            return "resource \(logicalID): \(reason)"
        case .unknownParameter(let name, let declared):
            let names = declared.isEmpty ? "it declares none" : "it declares \(declared.joined(separator: ", "))"
            return "unknown parameter \(name): the template has no such parameter (\(names))"
        case .invalidParameterValue(let name, let value, let reason):
            return "invalid value for parameter \(name): '\(value)' \(reason)"
        case .invalidParameter(let name, let reason):
            return "parameter \(name): \(reason)"
        case .invalidStackName(let name):
            return "invalid stack name '\(name)': it must start with a letter and hold only letters, digits and '-' (128 at most)"
        }
    }
}
