import Foundation

/// A package's executable products, from `swift package dump-package`, and which of them are Lambda functions (an
/// executable whose targets reach the `LambdaRuntime` product or target). Shared by packaging and template-less runs.
public struct ExecutableProducts: Sendable, Equatable {
    /// Every executable product, in manifest order.
    public var all: [String]
    /// The executable products whose targets depend on `LambdaRuntime`, directly or through their own targets.
    public var lambda: [String]

    /// Creates the lists.
    public init(all: [String], lambda: [String]) {
        self.all = all
        self.lambda = lambda
    }

    /// Reads the manifest of the package at `packagePath` with `swift package dump-package`, in a scratch folder of
    /// its own (the default `.build` may be locked by a running `swift build`).
    /// - Throws: `PackagingError` with SwiftPM's message when the manifest does not load.
    public static func load(packagePath: URL, scratchPath: URL) throws(PackagingError) -> ExecutableProducts {
        let result = try Toolbox().run("swift", [
            "package", "--package-path", packagePath.path, "--scratch-path", scratchPath.appendingPathComponent("manifest").path,
            "dump-package",
        ])
        guard result.status == 0 else {
            throw PackagingError("swift package dump-package failed: Package.swift does not load", details: result.standardError)
        }
        return try parse(Data(result.standardOutput.utf8))
    }

    /// Reads `dump-package`'s JSON.
    /// - Throws: `PackagingError` when it is not the JSON SwiftPM prints.
    public static func parse(_ json: Data) throws(PackagingError) -> ExecutableProducts {
        guard let manifest = try? JSONSerialization.jsonObject(with: json) as? [String: Any],
              let products = manifest["products"] as? [[String: Any]] else {
            throw PackagingError("swift package dump-package printed something other than a manifest")
        }
        var dependencies: [String: [(kind: String, name: String)]] = [:]
        for target in manifest["targets"] as? [[String: Any]] ?? [] {
            guard let name = target["name"] as? String else { continue }
            dependencies[name] = (target["dependencies"] as? [[String: Any]] ?? []).compactMap { dependency in
                guard let (kind, value) = dependency.first, let names = value as? [Any], let first = names.first as? String else { return nil }
                return (kind, first)
            }
        }
        func usesRuntime(_ target: String, _ visited: inout Set<String>) -> Bool {
            guard target != "LambdaRuntime" else { return true }
            guard visited.insert(target).inserted else { return false }
            for dependency in dependencies[target] ?? [] {
                if dependency.name == "LambdaRuntime" { return true }
                if dependency.kind != "product", usesRuntime(dependency.name, &visited) { return true }
            }
            return false
        }
        var all: [String] = [], lambda: [String] = []
        for product in products {
            guard let name = product["name"] as? String, let type = product["type"] as? [String: Any],
                  type.keys.contains("executable") else { continue }
            all.append(name)
            var visited: Set<String> = []
            if (product["targets"] as? [String] ?? []).contains(where: { usesRuntime($0, &visited) }) { lambda.append(name) }
        }
        return ExecutableProducts(all: all, lambda: lambda)
    }
}
