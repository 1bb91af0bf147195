import Crypto
import Foundation

/// A zip made by the packager.
public struct PackagedZip: Sendable, Equatable {
    /// The product, and the zip's base name.
    public var product: String
    /// Where the zip is.
    public var url: URL
    /// Its size in bytes.
    public var size: Int
    /// Its SHA-256, in hex.
    public var sha256: String
    /// How its bootstrap was linked.
    public var link: LinkMode

    /// The summary line: name, size and SHA-256, in columns.
    public var summary: String {
        let name = product + ".zip", bytes = String(size)
        return name.padding(toLength: max(22, name.count), withPad: " ", startingAt: 0) + " "
            + String(repeating: " ", count: max(0, 10 - bytes.count)) + bytes + " bytes  sha256 " + sha256
    }
}

/// Builds products and packs each as a self-contained, reproducible zip with `bootstrap` at its root:
/// build → strip and normalise → libraries (bundled mode) → extras → notices → zip.
public struct Packager: Sendable {
    /// The package's folder.
    public var packagePath: URL
    /// SwiftPM scratch folder for the release builds; staging folders live under `<scratch>/package`.
    public var scratchPath: URL
    /// Where the zips go.
    public var output: URL
    /// The OS whose glibc the binaries must not outrun.
    public var target: GlibcTarget
    /// Receives one line per step (build.sh printed them as `==> …` on standard error).
    public var step: @Sendable (String) -> Void

    /// Creates a packager.
    public init(
        packagePath: URL, scratchPath: URL, output: URL, target: GlibcTarget = .al2023,
        step: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.packagePath = packagePath
        self.scratchPath = scratchPath
        self.output = output
        self.target = target
        self.step = step
    }

    /// Packages every product of `plan`.
    /// - Parameter prebuilt: product → an executable already built in the mode the plan fixes (from the plugin).
    /// - Throws: `PackagingError` at the first product that fails.
    public func package(_ plan: PackagingPlan, prebuilt: [String: URL] = [:]) throws(PackagingError) -> [PackagedZip] {
        var zips: [PackagedZip] = []
        for (index, product) in plan.products.enumerated() {
            zips.append(try package(product, label: "[\(index + 1)/\(plan.products.count)] \(product.product)", prebuilt: prebuilt[product.product]))
        }
        return zips
    }

    private func package(_ plan: ProductPlan, label: String, prebuilt: URL?) throws(PackagingError) -> PackagedZip {
        let build = SwiftBuild(packagePath: packagePath, scratchPath: scratchPath)
        var mode = plan.link ?? .bundled
        var binary: URL
        if let prebuilt {
            binary = prebuilt
            if plan.link == nil { mode = LinkMode.chosen(forNeeded: try ELFFile(path: prebuilt.path).needed) }
        } else {
            step("\(label): swift build -c release (\(mode.scratchFolder))")
            binary = try build.build(plan.product, mode: mode)
            if plan.link == nil, LinkMode.chosen(forNeeded: try ELFFile(path: binary.path).needed) == .staticExecutable {
                mode = .staticExecutable
                step("\(label): needs nothing beyond glibc: swift build -c release (\(mode.scratchFolder))")
                binary = try build.build(plan.product, mode: mode)
            }
        }
        let stage = Staging(folder: scratchPath.appendingPathComponent("package").appendingPathComponent(plan.product))
        try? FileManager.default.removeItem(at: stage.folder)
        do { try FileManager.default.createDirectory(at: stage.folder, withIntermediateDirectories: true) } catch {
            throw .io("cannot make \(stage.folder.path): \(error.localizedDescription)")
        }
        step("\(label): strip; zero swiftc's per-compile module hashes; build id from the content")
        let bootstrap = stage.folder.appendingPathComponent("bootstrap")
        _ = try Toolbox().output("strip", ["--strip-all", "-o", bootstrap.path, binary.path])
        try stage.write(Data(try DeterministicELF.normalize(try ELFFile(path: bootstrap.path))), to: bootstrap)
        try stage.setMode(bootstrap, executable: true)

        if mode == .staticExecutable {
            guard try ELFFile(path: bootstrap.path).needed.isEmpty else {
                throw PackagingError("\(plan.product): the static build still needs shared libraries")
            }
            for (name, source) in plan.extras.files.sorted(by: { $0.key < $1.key }) { try stage.copy(source, to: name) }
        } else {
            try bundle(plan, bootstrap: bootstrap, stage: stage, label: label)
        }
        step("\(label): zip")
        do { try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true) } catch {
            throw .io("cannot make \(output.path): \(error.localizedDescription)")
        }
        let zip = output.appendingPathComponent(plan.product + ".zip")
        try ReproducibleZip.write(folder: stage.folder, to: zip)
        guard let bytes = FileManager.default.contents(atPath: zip.path) else { throw .io("cannot read \(zip.path)") }
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        return PackagedZip(product: plan.product, url: zip, size: bytes.count, sha256: digest, link: mode)
    }

    /// Bundled mode: libraries in `lib/`, the bootstrap pointed at them, extras, notices.
    private func bundle(_ plan: ProductPlan, bootstrap: URL, stage: Staging, label: String) throws(PackagingError) {
        let imageMagick = plan.extras.imageMagickCoders.isEmpty ? nil : ImageMagickRecipe(coders: plan.extras.imageMagickCoders)
        step("\(label): bundle the loader and shared libraries")
        let roots = [bootstrap.path] + (try imageMagick?.modules() ?? [])
        let libraries = try LibraryBundle.make(in: stage, roots: roots)
        step("\(label): \(libraries.resolved.count) libraries in lib/; bootstrap starts through lib/ and finds them there")
        try libraries.attach(bootstrap, staging: stage)
        let checked = [bootstrap.path] + libraries.resolved.values.sorted()
        step("\(label): " + (try GlibcCheck.check(
            checked.map { (path) throws(PackagingError) in try ELFFile(path: path) }, target: target,
            libcBundled: libraries.resolved["libc.so.6"] != nil)))
        if let imageMagick {
            let files = plan.extras.files.keys.sorted().joined(separator: ", ")
            step("\(label): ImageMagick coders (\(imageMagick.coders.joined(separator: " "))), configuration\(files.isEmpty ? "" : ", " + files)")
            try imageMagick.add(to: stage)
        }
        for (name, source) in plan.extras.files.sorted(by: { $0.key < $1.key }) {
            guard FileManager.default.fileExists(atPath: source) else { throw PackagingError("\(name): \(source) is missing") }
            try stage.copy(source, to: name)
        }
        let notices = Notices()
        var sources: [(String, String)] = []
        for library in stage.files(in: "lib") {
            let name = library.lastPathComponent
            sources.append(("lib/" + name, notices.dpkgPath(ofLibrary: libraries.resolved[name] ?? library.path)))
        }
        if let imageMagick {
            for file in stage.files(in: "imagemagick/coders", suffix: ".so") + stage.files(in: "imagemagick/config") {
                let relative = "imagemagick/" + file.deletingLastPathComponent().lastPathComponent + "/" + file.lastPathComponent
                sources.append((relative, try imageMagick.source(of: relative)))
            }
        }
        try notices.write(in: stage, extras: plan.extras.files, sources: sources)
    }
}
