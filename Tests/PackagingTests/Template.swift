import Foundation
import TestSupport

/// template.json, read as plain JSON: the expectations of the deploy test come from it, not from copies.
struct Template {
    let json: [String: Any]

    static func load() throws -> Template {
        let data = try Data(contentsOf: Repository.root.appendingPathComponent("template.json"))
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CommandError(description: "template.json is not a JSON object")
        }
        return Template(json: json)
    }

    var resources: [String: [String: Any]] {
        (json["Resources"] as? [String: Any] ?? [:]).compactMapValues { $0 as? [String: Any] }
    }

    /// Logical ids of the resources of `type`, sorted.
    func resources(ofType type: String) -> [String] {
        resources.filter { $0.value["Type"] as? String == type }.keys.sorted()
    }

    /// The properties of one resource.
    func properties(_ logicalID: String) -> [String: Any] {
        resources[logicalID]?["Properties"] as? [String: Any] ?? [:]
    }

    /// `Metadata.SwiftLambda.Product` of every function, sorted.
    var functionProducts: [String] {
        resources(ofType: "AWS::Lambda::Function").compactMap { product(of: $0) }.sorted()
    }

    /// The product a function resource is built from.
    func product(of logicalID: String) -> String? {
        ((resources[logicalID]?["Metadata"] as? [String: Any])?["SwiftLambda"] as? [String: Any])?["Product"] as? String
    }

    /// The logical id of the function built from `product`.
    func functionLogicalID(product: String) -> String? {
        resources(ofType: "AWS::Lambda::Function").first { self.product(of: $0) == product }
    }

    /// The default of a parameter.
    func parameterDefault(_ name: String) -> String? {
        ((json["Parameters"] as? [String: Any])?[name] as? [String: Any])?["Default"] as? String
    }
}
