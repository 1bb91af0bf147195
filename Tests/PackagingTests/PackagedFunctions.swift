import Foundation
import TestSupport

/// The zips `build.sh` makes, built once per test run (release builds are the slow part) into
/// `.build-release/test-dist`, reusing build.sh's own scratch folder `.build-release`.
struct PackagedFunctions: Sendable {
    /// Every function template.json declares, sorted.
    let declared: [String]
    /// The functions whose product exists on this branch, so build.sh built their zip.
    let built: [String]
    /// The folder holding `<function>.zip`.
    let folder: URL
    /// What build.sh printed.
    let log: String

    /// The zip of `function`.
    func zip(_ function: String) -> URL { folder.appendingPathComponent("\(function).zip") }

    /// Whether this branch has the function's executable yet (functions land one by one; build.sh skips the others).
    static func productExists(_ function: String) -> Bool {
        FileManager.default.fileExists(atPath: Repository.root.appendingPathComponent("Sources/Functions/\(function)").path)
    }

    /// build.sh in the checkout under test.
    static let script = Repository.root.appendingPathComponent("build.sh").path

    private static let shared: Result<PackagedFunctions, CommandError> = Result { try build(into: "test-dist") }
        .mapError { $0 as? CommandError ?? CommandError(description: "\($0)") }

    /// The zips of this test run, building them on first use.
    /// - Throws: `CommandError` with build.sh's output when it failed.
    static func get() throws -> PackagedFunctions { try shared.get() }

    /// Runs build.sh for every function into `.build-release/<name>`, emptied first.
    static func build(into name: String) throws -> PackagedFunctions {
        let folder = Repository.root.appendingPathComponent(".build-release").appendingPathComponent(name)
        try? FileManager.default.removeItem(at: folder)
        let result = try Command.run("/bin/bash", [script, "--output", folder.path], in: Repository.root)
        guard result.status == 0 else {
            throw CommandError(description: "build.sh failed (\(result.status)):\n\(result.output)")
        }
        let declared = try Template.load().functionProducts
        let built = declared.filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0).zip").path) }
        return PackagedFunctions(declared: declared, built: built, folder: folder, log: result.output)
    }
}
