import Foundation

/// The entries of a zip as its central directory records them, read by Python's zipfile (an independent reader).
struct ZipArchive {
    struct Entry: Decodable, Equatable {
        var name: String
        var dateTime: [Int]
        var mode: Int
        var createSystem: Int
        var extraLength: Int
        var size: Int
    }

    let entries: [Entry]

    init(_ url: URL) throws {
        let script = """
            import json, sys, zipfile
            with zipfile.ZipFile(sys.argv[1]) as archive:
                print(json.dumps([{"name": i.filename, "dateTime": list(i.date_time), "mode": i.external_attr >> 16,
                    "createSystem": i.create_system, "extraLength": len(i.extra), "size": i.file_size}
                    for i in archive.infolist()]))
            """
        let result = try Command.run("python3", ["-c", script, url.path])
        guard result.status == 0 else { throw CommandError(description: "cannot read \(url.path): \(result.output)") }
        entries = try JSONDecoder().decode([Entry].self, from: Data(result.standardOutput.utf8))
    }

    var names: [String] { entries.map(\.name) }

    /// Unpacks the zip into a new temporary folder.
    static func unpack(_ url: URL) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("unpacked-\(UUID().uuidString)")
        let result = try Command.run("unzip", ["-q", url.path, "-d", folder.path])
        guard result.status == 0 else { throw CommandError(description: "unzip \(url.path): \(result.output)") }
        return folder
    }
}

/// SHA-256 of a file, as build.sh prints it.
func sha256(_ url: URL) throws -> String {
    let result = try Command.run("sha256sum", [url.path])
    guard result.status == 0, let digest = result.standardOutput.split(separator: " ").first else {
        throw CommandError(description: "sha256sum \(url.path): \(result.output)")
    }
    return String(digest)
}
