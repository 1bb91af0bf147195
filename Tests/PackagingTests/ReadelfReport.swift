import Foundation

/// What `readelf` says about one ELF file's linking: its program interpreter, NEEDED libraries and search paths.
struct ReadelfReport {
    let path: String
    let interpreter: String?
    let needed: [String]
    let rpath: String?
    let runpath: String?
    /// False for a file with no dynamic section (a fully static executable).
    let isDynamic: Bool

    init(_ path: String) throws {
        self.path = path
        let dynamic = try Command.run("readelf", ["-dW", path])
        let headers = try Command.run("readelf", ["-lW", path])
        guard dynamic.status == 0, headers.status == 0 else { throw CommandError(description: "readelf \(path): \(dynamic.output)") }
        isDynamic = !dynamic.standardOutput.contains("There is no dynamic section")
        interpreter = Self.bracketed(after: "[Requesting program interpreter: ", in: headers.standardOutput).first
        needed = Self.bracketed(after: "(NEEDED)             Shared library: [", in: dynamic.standardOutput)
        rpath = Self.bracketed(after: "(RPATH)              Library rpath: [", in: dynamic.standardOutput).first
        runpath = Self.bracketed(after: "(RUNPATH)            Library runpath: [", in: dynamic.standardOutput).first
    }

    private static func bracketed(after marker: String, in text: String) -> [String] {
        text.components(separatedBy: "\n").compactMap { line in
            guard let range = line.range(of: marker) else { return nil }
            let rest = line[range.upperBound...]
            return rest.firstIndex(of: "]").map { String(rest[..<$0]) }
        }
    }
}
