import Foundation

/// ImageMagick coder modules, their configuration and English messages, placed so a zip's ImageMagick loads only
/// its own: `imagemagick/coders/` (libltdl's `.la` files point `libdir` at the zip), `imagemagick/config/`.
struct ImageMagickRecipe {
    /// The coder names, e.g. `png`.
    let coders: [String]
    /// The system's ImageMagick configuration folder (policy.xml and friends).
    var configuration = "/etc/ImageMagick-6"
    var toolbox = Toolbox()

    /// The folder holding the system's coder modules, from pkg-config.
    func coderFolder() throws(PackagingError) -> String {
        guard let libdir = try? toolbox.output("pkg-config", ["--variable=libdir", "MagickCore"]).trimmed,
              let version = try? toolbox.output("pkg-config", ["--modversion", "MagickCore"]).trimmed else {
            throw PackagingError("pkg-config does not know MagickCore (apt-get install libmagickwand-dev)")
        }
        let folder = "\(libdir)/ImageMagick-\(version)/modules-Q16/coders"
        var directory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &directory), directory.boolValue else {
            throw PackagingError("ImageMagick's coder modules are not in \(folder)")
        }
        return folder
    }

    /// The folder of ImageMagick's locale files (english.xml).
    func localeFolder() throws(PackagingError) -> String {
        let prefix = try toolbox.output("pkg-config", ["--variable=prefix", "MagickCore"]).trimmed
        let major = try toolbox.output("pkg-config", ["--modversion", "MagickCore"]).trimmed.split(separator: ".").first ?? ""
        return "\(prefix)/share/ImageMagick-\(major)"
    }

    /// The coder modules on this machine: roots for library resolution.
    func modules() throws(PackagingError) -> [String] {
        let folder = try coderFolder()
        return coders.map { "\(folder)/\($0).so" }
    }

    /// Copies the coders and the configuration into the stage.
    func add(to staging: Staging) throws(PackagingError) {
        let folder = try coderFolder()
        for coder in coders {
            try staging.copy("\(folder)/\(coder).so", to: "imagemagick/coders/\(coder).so")
            guard let la = FileManager.default.contents(atPath: "\(folder)/\(coder).la") else { throw .io("cannot read \(folder)/\(coder).la") }
            let lines = String(decoding: la, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map {
                $0.hasPrefix("libdir=") ? "libdir='\(LibraryBundle.taskRoot)/imagemagick/coders'" : String($0)
            }
            let destination = staging.folder.appendingPathComponent("imagemagick/coders/\(coder).la")
            try staging.write(Data(lines.joined(separator: "\n").utf8), to: destination)
            try staging.setMode(destination, executable: false)
            let module = staging.folder.appendingPathComponent("imagemagick/coders/\(coder).so")
            if try staging.hasSearchPath(module) { try staging.patchelf(["--force-rpath", "--set-rpath", "$ORIGIN/../../lib"], module) }
        }
        guard FileManager.default.fileExists(atPath: configuration + "/policy.xml") else {
            throw PackagingError("ImageMagick's configuration is not in \(configuration)")
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: configuration)) ?? []).filter { $0.hasSuffix(".xml") }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let locale = try localeFolder()
        for source in names.map({ configuration + "/" + $0 }) + [locale + "/locale.xml", locale + "/english.xml"] {
            guard FileManager.default.fileExists(atPath: source) else { throw PackagingError("ImageMagick file \(source) is missing") }
            try staging.copy(source, to: "imagemagick/config/" + (source as NSString).lastPathComponent)
        }
    }

    /// The installed file a staged `imagemagick/…` file was copied from, for its Debian package.
    func source(of relativePath: String) throws(PackagingError) -> String {
        let name = (relativePath as NSString).lastPathComponent
        if relativePath.hasPrefix("imagemagick/coders/") { return "\(try coderFolder())/\(name)" }
        if FileManager.default.fileExists(atPath: configuration + "/" + name) { return configuration + "/" + name }
        return "\(try localeFolder())/\(name)"
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
