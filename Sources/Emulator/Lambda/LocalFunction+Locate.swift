import Foundation
import StackTemplate

extension LocalFunction {
    /// Where each function of a template is on disk.
    ///
    /// In order: an explicit path (by function name or logical id); else the function's
    /// `Metadata.SwiftLambda.Product` executable in the first build folder that has it.
    /// - Parameters:
    ///   - template: The template.
    ///   - codePaths: Explicit code paths (an executable or a folder with `bootstrap`), by name or logical id.
    ///   - buildDirectories: Folders with built products, e.g. `.build/release`, `.build/debug`.
    /// - Returns: The functions, and the names of those whose code was not found (they answer
    ///   `Runtime.InvalidEntrypoint` when invoked, as Lambda does).
    public static func locate(
        in template: StackTemplate, codePaths: [String: String] = [:], buildDirectories: [String]
    ) -> (functions: [LocalFunction], missing: [String]) {
        var functions: [LocalFunction] = []
        var missing: [String] = []
        let files = FileManager.default
        for definition in template.functions {
            if let path = codePaths[definition.name] ?? codePaths[definition.logicalID] {
                let function = LocalFunction(definition: definition, codePath: path)
                if !files.isExecutableFile(atPath: function.bootstrap) { missing.append(definition.name) }
                functions.append(function)
                continue
            }
            let candidates = buildDirectories.map { ($0 as NSString).appendingPathComponent(definition.product ?? definition.name) }
            if let found = candidates.first(where: { files.isExecutableFile(atPath: $0) }) {
                functions.append(LocalFunction(definition: definition, codePath: found))
            } else {
                missing.append(definition.name)
                functions.append(LocalFunction(definition: definition, codePath: candidates.first ?? definition.name))
            }
        }
        return (functions, missing)
    }
}
