/// The newest glibc symbol version a set of ELF files needs, against what a Lambda OS provides.
public enum GlibcTarget: String, Sendable, CaseIterable {
    /// Amazon Linux 2023 (`provided.al2023`): glibc 2.34.
    case al2023
    /// Amazon Linux 2 (`provided.al2`): glibc 2.26.
    case al2

    /// The glibc version the OS ships, as `[major, minor]`.
    public var glibc: [Int] { self == .al2023 ? [2, 34] : [2, 26] }
}

enum GlibcCheck {
    /// The newest `GLIBC_x.y[.z]` version among `files`' needs, as numbers, with the file that needs it.
    static func newest(in files: [ELFFile]) throws(PackagingError) -> (version: [Int], file: String)? {
        var best: (version: [Int], file: String)?
        for file in files {
            for name in try file.neededVersions() where name.hasPrefix("GLIBC_") {
                let numbers = name.dropFirst(6).split(separator: ".").compactMap { Int($0) }
                guard !numbers.isEmpty else { continue }
                if best.map({ numbers.lexicographicallyPrecedes($0.version) || numbers == $0.version }) != true {
                    best = (numbers, file.path)
                }
            }
        }
        return best
    }

    /// Refuses files whose glibc needs are newer than `target`'s, unless the zip carries its own libc.
    /// - Returns: A line for the user saying what was checked.
    static func check(_ files: [ELFFile], target: GlibcTarget, libcBundled: Bool) throws(PackagingError) -> String {
        let shown = target.glibc.map(String.init).joined(separator: ".")
        guard let newest = try newest(in: files) else { return "glibc: no versioned symbols needed (\(target.rawValue) has \(shown))" }
        let version = newest.version.map(String.init).joined(separator: ".")
        if libcBundled { return "glibc: needs \(version), bundled in lib/ (\(target.rawValue)'s \(shown) is not used)" }
        guard !target.glibc.lexicographicallyPrecedes(newest.version) else {
            throw PackagingError("\(newest.file) needs GLIBC_\(version), newer than \(target.rawValue)'s glibc \(shown)")
        }
        return "glibc: needs \(version), \(target.rawValue) has \(shown)"
    }
}
