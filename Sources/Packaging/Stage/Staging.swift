import Foundation

/// File operations on a staging folder: copies with fixed permissions and the ELF edits a bundle needs.
struct Staging {
    /// The staging folder, the future zip's root.
    let folder: URL
    var toolbox = Toolbox()

    /// Copies `source` (following symbolic links) to `name` inside the stage with mode 644 or 755.
    func copy(_ source: String, to name: String, executable: Bool = false) throws(PackagingError) {
        let destination = folder.appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: source) else { throw .io("cannot read \(source)") }
        try write(data, to: destination)
        try setMode(destination, executable: executable)
    }

    /// Writes `data` to `destination`, making its folder.
    func write(_ data: Data, to destination: URL) throws(PackagingError) {
        do {
            try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: destination)
        } catch {
            throw .io("cannot write \(destination.path): \(error.localizedDescription)")
        }
    }

    /// Sets mode 755 or 644.
    func setMode(_ url: URL, executable: Bool) throws(PackagingError) {
        guard chmod(url.path, executable ? 0o755 : 0o644) == 0 else { throw .io("cannot chmod \(url.path)") }
    }

    /// Whether the ELF file has an RPATH or RUNPATH entry.
    func hasSearchPath(_ url: URL) throws(PackagingError) -> Bool {
        let file = try ELFFile(path: url.path)
        let rpath = try file.dynamicStrings(15), runpath = try file.dynamicStrings(29)
        return !rpath.isEmpty || !runpath.isEmpty
    }

    /// Runs patchelf on `url`.
    func patchelf(_ arguments: [String], _ url: URL) throws(PackagingError) {
        _ = try toolbox.output("patchelf", arguments + [url.path])
    }

    /// The regular files of a subfolder, sorted by name (as the shell's glob lists them in the C locale).
    func files(in subfolder: String, suffix: String = "") -> [URL] {
        let directory = folder.appendingPathComponent(subfolder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(suffix) }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            .map { directory.appendingPathComponent($0) }
    }
}
