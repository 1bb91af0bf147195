/// An error reading a CloudFormation template.
public struct TemplateError: Error, Equatable, CustomStringConvertible, Sendable {
    private enum Code: Equatable, Sendable {
        case fileNotFound(path: String)
        case unreadable(path: String, reason: String)
        case invalidJSON(reason: String)
        case noResources
        case invalidResource(logicalID: String, reason: String)
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
        }
    }
}
