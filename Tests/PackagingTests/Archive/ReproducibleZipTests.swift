import Foundation
@testable import LambdaPackaging
import Testing

/// The Swift zip writer against Python's zipfile, the writer build.sh used, as the oracle: the same folder gives
/// the same bytes.
@Suite struct ReproducibleZipTests {
    /// Python's zipfile with build.sh's settings (sorted, 1980 times, 755/644, Unix, deflate 9).
    static let oracle = """
        import os, stat, sys, zipfile
        folder, destination = sys.argv[1:]
        names = []
        for directory, subdirectories, files in os.walk(folder, followlinks=True):
            for name in files:
                path = os.path.join(directory, name)
                names.append((os.path.relpath(path, folder), path))
        with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for name, path in sorted(names):
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.create_system = 3
                info.external_attr = (stat.S_IFREG | (0o755 if os.stat(path).st_mode & stat.S_IXUSR else 0o644)) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, open(path, "rb").read(), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
        """

    func folder(_ files: [String: (bytes: [UInt8], executable: Bool)]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("zip-input-\(UUID().uuidString)")
        for (name, file) in files {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.bytes).write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: file.executable ? 0o700 : 0o600], ofItemAtPath: url.path)
        }
        return root
    }

    func pythonZip(_ folder: URL) throws -> [UInt8] {
        let destination = folder.appendingPathExtension("python.zip")
        defer { try? FileManager.default.removeItem(at: destination) }
        let result = try Command.run("python3", ["-c", Self.oracle, folder.path, destination.path])
        try #require(result.status == 0, "\(result.output)")
        return Array(try Data(contentsOf: destination))
    }

    func swiftZip(_ folder: URL) throws -> [UInt8] {
        let destination = folder.appendingPathExtension("swift.zip")
        defer { try? FileManager.default.removeItem(at: destination) }
        try ReproducibleZip.write(folder: folder, to: destination)
        return Array(try Data(contentsOf: destination))
    }

    @Test func theSameFolderGivesPythonsBytes() throws {
        var random = SystemRandomNumberGenerator()
        let noise = (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &random) }
        let text = Array(String(repeating: "Swift on Lambda, reproducibly. ", count: 5_000).utf8)
        let input = try folder([
            "bootstrap": (text + noise, true), "lib/ld-linux-x86-64.so.2": (noise, true), "lib/libz.so.1": (text, false),
            "empty": ([], false), "a/b/c.txt": (Array("c".utf8), false), "B": (Array("upper case sorts first".utf8), false),
            "imagemagick/coders/png.la": (Array("libdir='/var/task'\n".utf8), false),
        ])
        defer { try? FileManager.default.removeItem(at: input) }
        let ours = try swiftZip(input), python = try pythonZip(input)
        #expect(ours.count == python.count)
        #expect(ours == python)
    }

    @Test func aRealBinaryGivesPythonsBytes() throws {
        let input = try folder(["bootstrap": (Array(try Data(contentsOf: URL(fileURLWithPath: "/bin/sh"))), true)])
        defer { try? FileManager.default.removeItem(at: input) }
        #expect(try swiftZip(input) == pythonZip(input))
    }

    @Test func somethingOtherThanAFileIsRefused() throws {
        let input = try folder(["bootstrap": ([1], true)])
        defer { try? FileManager.default.removeItem(at: input) }
        try FileManager.default.createSymbolicLink(atPath: input.appendingPathComponent("dangling").path, withDestinationPath: "/nonexistent-\(UUID())")
        #expect(throws: PackagingError.self) { try ReproducibleZip.write(folder: input, to: input.appendingPathExtension("zip")) }
        #expect(!FileManager.default.fileExists(atPath: input.appendingPathExtension("zip").path))
    }
}
