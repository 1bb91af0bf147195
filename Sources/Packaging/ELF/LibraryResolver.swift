import Foundation

/// Finds every shared library a set of ELF files loads, transitively, the way glibc's loader would on this machine:
/// RPATHs up the chain of loaders (when an object has no RUNPATH), RUNPATH, ldconfig's cache, then the trusted
/// folders. Only files of the roots' class and machine are taken. Nothing is executed but `ldconfig -p`.
struct LibraryResolver {
    /// The file name the loader looks for (a NEEDED entry, or the interpreter's base name) and the file it resolves to.
    typealias Resolved = [String: String]

    var toolbox = Toolbox()

    /// Every library `roots` need, by name, with the real path of the file each resolves to.
    /// - Throws: `PackagingError` naming the library and the object that needs it when one cannot be found.
    func resolve(_ roots: [String]) throws(PackagingError) -> Resolved {
        guard let first = roots.first else { return [:] }
        guard let identity = ELFFile.identity(at: first) else { throw .elf(first, "not an ELF file") }
        let cache = try loaderCache()
        let triple = [62: "x86_64-linux-gnu", 183: "aarch64-linux-gnu"][Int(identity.machine)] ?? ""
        let defaults = ["/lib/\(triple)", "/usr/lib/\(triple)", "/lib64", "/usr/lib64", "/lib", "/usr/lib"]
        var found: Resolved = [:], seen: Set<String> = []
        var pending = roots.map { (path: Self.absolute($0), chain: [[String]]()) }
        while let (path, inherited) = pending.popLast() {
            guard seen.insert(path).inserted else { continue }
            let file = try ELFFile(path: path)
            if let interpreter = file.interpreter, ELFFile.identity(at: interpreter) != nil {
                let name = (interpreter as NSString).lastPathComponent
                if found[name] == nil { found[name] = Self.real(interpreter) }
            }
            let origin = (path as NSString).deletingLastPathComponent
            let searchList = { (tag: Int) throws(PackagingError) -> [String] in
                (try file.dynamicStrings(tag).last ?? "").split(separator: ":").map {
                    $0.replacingOccurrences(of: "${ORIGIN}", with: origin).replacingOccurrences(of: "$ORIGIN", with: origin)
                }
            }
            let rpath = try searchList(15), runpath = try searchList(29)
            let chain = [rpath] + inherited
            for name in try file.needed where found[name] == nil {
                var candidates = (runpath.isEmpty ? chain.flatMap { $0 } : []) + runpath
                candidates = candidates.map { $0.isEmpty ? name : $0 + "/" + name }
                candidates += cache[name] ?? []
                candidates += defaults.map { $0 + "/" + name }
                guard let match = candidates.first(where: { ELFFile.identity(at: $0) == identity }) else {
                    throw PackagingError("\(name), needed by \(path), was not found in the loader's search path")
                }
                found[name] = Self.real(match)
                pending.append((Self.real(match), chain))
            }
        }
        return found
    }

    /// name → paths from ldconfig's cache, in cache order; empty when there is no ldconfig.
    func loaderCache() throws(PackagingError) -> [String: [String]] {
        guard toolbox.which("ldconfig") != nil else { return [:] }
        var cache: [String: [String]] = [:]
        for line in try toolbox.output("ldconfig", ["-p"]).split(separator: "\n") {
            // "	libz.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libz.so.1"
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard let arrow = trimmed.range(of: ") => "), let space = trimmed.firstIndex(of: " "),
                  trimmed[space...].hasPrefix(" (") else { continue }
            let path = trimmed[arrow.upperBound...]
            guard !path.isEmpty, !path.contains(" ") else { continue }
            cache[String(trimmed[..<space]), default: []].append(String(path))
        }
        return cache
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    static func real(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
