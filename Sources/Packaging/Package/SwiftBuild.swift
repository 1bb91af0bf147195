import Foundation

/// Release builds of one product with the Swift runtime linked statically, in a scratch folder per link mode.
public struct SwiftBuild: Sendable {
    /// The package's folder.
    public var packagePath: URL
    /// The scratch folder; each mode builds in its own subfolder (`static-executable`, `static-stdlib`).
    public var scratchPath: URL

    /// Creates a builder.
    public init(packagePath: URL, scratchPath: URL) {
        self.packagePath = packagePath
        self.scratchPath = scratchPath
    }

    /// Where the product's unstripped executable lands.
    public func binary(_ product: String, mode: LinkMode) -> URL {
        scratchPath.appendingPathComponent(mode.scratchFolder).appendingPathComponent("release").appendingPathComponent(product)
    }

    /// Builds `product`; the log goes to `<scratch>/<mode>.log`.
    /// - Returns: The path of the unstripped executable.
    /// - Throws: `PackagingError` with the log's last 40 lines when the build fails.
    public func build(_ product: String, mode: LinkMode) throws(PackagingError) -> URL {
        let folder = scratchPath.appendingPathComponent(mode.scratchFolder)
        let log = scratchPath.appendingPathComponent(mode.scratchFolder + ".log")
        try? FileManager.default.createDirectory(at: scratchPath, withIntermediateDirectories: true)
        var arguments = [
            "build", "--package-path", packagePath.path, "--scratch-path", folder.path, "-c", "release", "--product", product,
            "--static-swift-stdlib",
        ]
        if mode == .staticExecutable { arguments += ["-Xswiftc", "-static-executable"] }
        let result = try Toolbox().run("swift", arguments, log: log)
        guard result.status == 0 else {
            let lines = String(decoding: FileManager.default.contents(atPath: log.path) ?? Data(), as: UTF8.self)
                .split(separator: "\n", omittingEmptySubsequences: false).suffix(41).joined(separator: "\n")
            throw PackagingError("swift build of \(product) failed (full log: \(log.path))", details: lines)
        }
        return binary(product, mode: mode)
    }
}
