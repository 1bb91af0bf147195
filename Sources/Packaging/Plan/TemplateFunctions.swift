import Foundation

/// The functions a template declares for packaging: each `AWS::Lambda::Function` or `AWS::Serverless::Function`
/// with `Metadata.SwiftLambda.Product`, sorted by product, with its `Link` and `Bundle` settings. Read from the raw
/// JSON: packaging needs no parameter values, so a template that cannot be deployed as it stands still packages.
public enum TemplateFunctions {
    private struct Template: Decodable {
        var Resources: [String: Resource]?
    }

    private struct Resource: Decodable {
        var `Type`: String?
        var Metadata: Metadata?
    }

    private struct Metadata: Decodable {
        var SwiftLambda: Settings?
    }

    private struct Settings: Decodable {
        var Product: String?
        var Link: LinkMode?
        var Bundle: Extras?
    }

    /// The declared functions of the template at `url`.
    /// - Throws: `PackagingError("cannot read the functions of template.json")` (with the reason) when the file is
    ///   missing or not such a template, or a setting has the wrong shape.
    public static func read(_ url: URL) throws(PackagingError) -> [ProductPlan] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw PackagingError("cannot read the functions of \(url.lastPathComponent): no such file")
        }
        return try parse(data, name: url.lastPathComponent)
    }

    /// The declared functions of template `data`.
    public static func parse(_ data: Data, name: String = "template.json") throws(PackagingError) -> [ProductPlan] {
        let template: Template
        do { template = try JSONDecoder().decode(Template.self, from: data) } catch {
            throw PackagingError("cannot read the functions of \(name): \(Self.reason(error))")
        }
        var plans: [ProductPlan] = []
        for resource in (template.Resources ?? [:]).values
        where ["AWS::Lambda::Function", "AWS::Serverless::Function"].contains(resource.Type ?? "") {
            guard let settings = resource.Metadata?.SwiftLambda, let product = settings.Product else { continue }
            plans.append(ProductPlan(product: product, link: settings.Link, extras: settings.Bundle ?? Extras()))
        }
        return plans.sorted { $0.product < $1.product }
    }

    private static func reason(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .dataCorrupted(let context) where context.codingPath.isEmpty: return "not JSON"
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context),
             .keyNotFound(_, let context):
            return "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        default: return "\(error)"
        }
    }
}
