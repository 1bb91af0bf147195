import Foundation

/// `THIRD_PARTY_NOTICES`: what a zip carries that is not ours, with each licence: the leading comment of each
/// extra file (the face cascade's Intel licence sits there) and the Debian copyright file of every package a
/// bundled file comes from.
struct Notices {
    static let rule = String(repeating: "-", count: 90)
    var toolbox = Toolbox()

    /// Writes the notices into the stage.
    /// - Parameters:
    ///   - extras: zip name → source of the extra files at the zip's root.
    ///   - sources: stage-relative path → installed path of each bundled library, coder and configuration file,
    ///     in the order they are listed.
    func write(in staging: Staging, extras: [String: String], sources: [(String, String)]) throws(PackagingError) {
        var text = "Third-party software in this package\n====================================\n"
        let hasDpkg = toolbox.which("dpkg-query") != nil
        for (name, source) in extras.sorted(by: { $0.key < $1.key }) {
            let package = hasDpkg ? owner(of: source) : nil
            let origin = package.map { "Debian package \($0) \(version(of: $0))" } ?? "from \(source)"
            text += "\n\(name) (\(origin))\n\(Self.rule)\n"
            text += Self.comments(String(decoding: FileManager.default.contents(atPath: source) ?? Data(), as: UTF8.self))
        }
        if hasDpkg {
            var owners: [String: String] = [:]
            for (relative, source) in sources {
                if let package = owner(of: source) { owners[package, default: ""] += " " + relative }
            }
            for package in owners.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
                text += "\nDebian package \(package) \(version(of: package)):\(owners[package]!)\n\(Self.rule)\n"
                if let copyright = FileManager.default.contents(atPath: "/usr/share/doc/\(package)/copyright") {
                    text += String(decoding: copyright, as: UTF8.self)
                } else {
                    text += "(no copyright file installed)\n"
                }
            }
        }
        let destination = staging.folder.appendingPathComponent("THIRD_PARTY_NOTICES")
        try staging.write(Data(text.utf8), to: destination)
        try staging.setMode(destination, executable: false)
    }

    /// The Debian package that installed `path`, or nil.
    func owner(of path: String) -> String? {
        guard let output = try? toolbox.run("dpkg-query", ["-S", path]), output.status == 0,
              let line = output.standardOutput.split(separator: "\n").first,
              let package = line.split(separator: ":", omittingEmptySubsequences: false).first, !package.isEmpty else { return nil }
        return String(package)
    }

    /// The installed version of `package`, empty when unknown.
    func version(of package: String) -> String {
        (try? toolbox.run("dpkg-query", ["-W", "-f=${Version}", package]))?.standardOutput ?? ""
    }

    /// The lines of every `<!-- … -->` block, the first line cut after its opening, the last before its close
    /// (a block's end is looked for from the line after its start).
    static func comments(_ text: String) -> String {
        var lines: [Substring] = [], inside = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(text.hasSuffix("\n") ? 1 : 0) {
            if inside {
                lines.append(line)
                if line.contains("-->") { inside = false }
            } else if line.contains("<!--") {
                lines.append(line)
                inside = true
            }
        }
        guard !lines.isEmpty else { return "" }
        if let open = lines[0].range(of: "<!--", options: .backwards) { lines[0] = lines[0][open.upperBound...] }
        let last = lines.count - 1
        if let close = lines[last].range(of: "-->") { lines[last] = lines[last][..<close.lowerBound] }
        return lines.map { $0 + "\n" }.joined()
    }

    /// The installed path dpkg knows a bundled library by: its real path, or that path's `/lib` spelling on a
    /// merged-/usr system where dpkg recorded only that.
    func dpkgPath(ofLibrary real: String) -> String {
        if owner(of: real) != nil || !real.hasPrefix("/usr/lib") { return real }
        return "/lib" + real.dropFirst("/usr/lib".count)
    }
}
