import Foundation

/// One product to package.
public struct ProductPlan: Sendable, Equatable {
    /// The executable product, and the zip's name (`<product>.zip`).
    public var product: String
    /// The link mode when the template fixes it (`Metadata.SwiftLambda.Link`); nil to choose it from the binary.
    public var link: LinkMode?
    /// What goes into the zip besides the binary and its libraries (`Metadata.SwiftLambda.Bundle`).
    public var extras: Extras

    /// Creates a plan for one product.
    public init(product: String, link: LinkMode? = nil, extras: Extras = Extras()) {
        self.product = product
        self.link = link
        self.extras = extras
    }
}

/// What a function needs in its zip besides `bootstrap` and `lib/`, read from `Metadata.SwiftLambda.Bundle`.
public struct Extras: Sendable, Equatable, Decodable {
    /// Files copied to the zip's root: name in the zip → absolute path on the build machine.
    public var files: [String: String]
    /// ImageMagick coder modules (e.g. `png`) shipped in `imagemagick/coders/` with the configuration in
    /// `imagemagick/config/`; their libraries are bundled like the binary's.
    public var imageMagickCoders: [String]

    /// Creates a list of extras.
    public init(files: [String: String] = [:], imageMagickCoders: [String] = []) {
        self.files = files
        self.imageMagickCoders = imageMagickCoders
    }

    enum CodingKeys: String, CodingKey {
        case files = "Files", imageMagickCoders = "ImageMagickCoders"
    }

    /// Decodes `{"Files": {...}, "ImageMagickCoders": [...]}`, both optional.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        files = try container.decodeIfPresent([String: String].self, forKey: .files) ?? [:]
        imageMagickCoders = try container.decodeIfPresent([String].self, forKey: .imageMagickCoders) ?? []
    }
}

/// The products to package and how: a pure value made from the template (when there is one), the package's
/// executable products and the names asked for.
public struct PackagingPlan: Sendable, Equatable {
    /// The products, in the order they are packaged.
    public var products: [ProductPlan]
    /// Lines for the user about declared functions left out (`skipping …`).
    public var skipped: [String]

    /// Plans the packaging.
    /// - Parameters:
    ///   - declared: the functions a template declares (`Metadata.SwiftLambda`), or nil without a template: then
    ///     every Lambda product of the package is a candidate.
    ///   - products: the package's executable products.
    ///   - lambdaProducts: those of them that depend on `LambdaRuntime` (the candidates without a template).
    ///   - requested: the names asked for; empty for all.
    /// - Throws: `PackagingError` for a name nobody declares or a declared function without a product. A plan may be
    ///   empty (every declared function skipped): the caller says so after printing `skipped`.
    public static func make(
        declared: [ProductPlan]?, products: [String], lambdaProducts: [String], requested: [String]
    ) throws(PackagingError) -> PackagingPlan {
        let candidates = declared ?? lambdaProducts.map { ProductPlan(product: $0) }
        let source = declared == nil ? "the package's products that use LambdaRuntime" : "template.json declares"
        var plans: [ProductPlan] = [], skipped: [String] = []
        if requested.isEmpty {
            for plan in candidates {
                if products.contains(plan.product) {
                    plans.append(plan)
                } else {
                    skipped.append("skipping \(plan.product): Package.swift has no executable product '\(plan.product)' yet")
                }
            }
        } else {
            for name in requested where !plans.contains(where: { $0.product == name }) {
                guard let plan = candidates.first(where: { $0.product == name }) else {
                    let names = candidates.map(\.product).joined(separator: " ")
                    throw PackagingError("unknown function '\(name)' (\(source):\(names.isEmpty ? " none" : " " + names))")
                }
                guard products.contains(name) else {
                    throw PackagingError("\(name) is declared in template.json but Package.swift has no executable product '\(name)' yet")
                }
                plans.append(plan)
            }
        }
        return PackagingPlan(products: plans, skipped: skipped)
    }
}
