import ArgumentParser
import Foundation
import LambdaPackaging

/// `lambda-local package`: the Lambda products of a package as self-contained, reproducible zips.
struct PackageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "package",
        abstract: "Build executable products as self-contained, reproducible Lambda zips (bootstrap at the root).",
        discussion: """
            With a template (template.json in the package folder, or -t), the functions it declares with \
            Metadata.SwiftLambda.Product; without one, every executable product that depends on LambdaRuntime. \
            A product that needs nothing beyond glibc becomes one static executable; any other ships the loader, \
            libc and every shared library it needs in lib/. Prints each zip's size and SHA-256.
            """)

    @Option(name: [.customLong("product"), .customLong("function")], help: "Package only this product (repeatable).")
    var products: [String] = []

    @Option(help: ArgumentHelp("The package's folder.", valueName: "dir"))
    var packagePath = "."

    @Option(name: .shortAndLong, help: ArgumentHelp("The template whose functions to package (default: template.json in the package folder, if any).", valueName: "file"))
    var template: String?

    @Option(help: ArgumentHelp("Where the zips go.", valueName: "dir"))
    var output = "dist"

    @Option(help: ArgumentHelp("SwiftPM scratch folder for the release builds.", valueName: "dir"))
    var scratchPath = ".build-release"

    @Option(help: "The Lambda OS whose glibc the binaries must not outrun: al2023 or al2.")
    var os: String = GlibcTarget.al2023.rawValue

    @Option(name: .customLong("prebuilt"), help: ArgumentHelp("An executable already built for a product: NAME=PATH (repeatable; from the plugin).", valueName: "name=path"))
    var prebuilt: [String] = []

    @Flag(help: ArgumentHelp("Print the template's declared products, one a line, and stop (for build.sh deploy).", visibility: .hidden))
    var listDeclared = false

    @Option(help: ArgumentHelp("The name errors are prefixed with.", visibility: .hidden))
    var programName = "lambda-local"

    func run() throws {
        do {
            try package()
        } catch let error as PackagingError {
            let details = error.details.isEmpty || error.details.hasSuffix("\n") ? error.details : error.details + "\n"
            FileHandle.standardError.write(Data("\(details)\(programName): error: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
    }

    private func package() throws {
        let root = URL(fileURLWithPath: packagePath).standardizedFileURL
        let resolve = { (path: String) in path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path) }
        guard let target = GlibcTarget(rawValue: os) else { throw PackagingError("--os takes al2023 or al2, not '\(os)'") }
        var built: [String: URL] = [:]
        for pair in prebuilt {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else { throw PackagingError("--prebuilt takes NAME=PATH, not '\(pair)'") }
            built[String(pair[..<equals])] = URL(fileURLWithPath: String(pair[pair.index(after: equals)...]))
        }
        let templateURL = template.map(resolve) ?? root.appendingPathComponent("template.json")
        let hasTemplate = template != nil || FileManager.default.fileExists(atPath: templateURL.path)
        let declared = try hasTemplate ? TemplateFunctions.read(templateURL) : nil
        if let declared, declared.isEmpty { throw PackagingError("\(templateURL.lastPathComponent) declares no function (Metadata.SwiftLambda.Product)") }
        if listDeclared {
            print((declared ?? []).map(\.product).joined(separator: "\n"))
            return
        }
        let scratch = resolve(scratchPath)
        let executables = try ExecutableProducts.load(packagePath: root, scratchPath: scratch)
        let plan = try PackagingPlan.make(
            declared: declared, products: executables.all, lambdaProducts: executables.lambda, requested: products)
        for line in plan.skipped { FileHandle.standardError.write(Data("==> \(line)\n".utf8)) }
        guard !plan.products.isEmpty else { throw PackagingError("nothing to build") }
        try Toolbox.require(["strip", "patchelf"])
        let lock = try ScratchLock(scratch)
        defer { lock.release() }
        let outputURL = resolve(output)
        let packager = Packager(packagePath: root, scratchPath: scratch, output: outputURL, target: target) { line in
            FileHandle.standardError.write(Data("==> \(line)\n".utf8))
        }
        let zips = try packager.package(plan, prebuilt: built)
        FileHandle.standardError.write(Data("==> done: zips in \(outputURL.path)\n".utf8))
        print(zips.map(\.summary).joined(separator: "\n"))
    }
}
