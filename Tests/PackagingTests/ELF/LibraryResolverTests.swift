import Foundation
@testable import LambdaPackaging
import Testing

/// The resolver against ldd (the loader itself, safe here on the machine's own programs).
@Suite struct LibraryResolverTests {
    func ldd(_ path: String) throws -> [String: String] {
        var found: [String: String] = [:]
        for line in try Command.run("ldd", [path]).standardOutput.split(separator: "\n") {  // "\tname => path (address)"
            let words = line.split { $0 == " " || $0 == "\t" }
            if words.count >= 3, words[1] == "=>" {
                found[String(words[0])] = LibraryResolver.real(String(words[2]))
            } else if let first = words.first, first.hasPrefix("/") {
                found[(String(first) as NSString).lastPathComponent] = LibraryResolver.real(String(first))
            }
        }
        return found
    }

    @Test(arguments: ["/usr/bin/curl", "/usr/bin/pkg-config"])
    func resolvesWhatTheLoaderLoads(program: String) throws {
        guard FileManager.default.fileExists(atPath: program) else { return }
        let resolved = try LibraryResolver().resolve([program])
        #expect(resolved == (try ldd(program)))
        #expect(resolved.keys.contains { $0.hasPrefix("ld-linux") })
    }

    @Test func aMissingLibraryNamesWhoNeedsIt() throws {
        let binary = try ELFFileTests.cProgram()
        defer { try? FileManager.default.removeItem(at: binary.deletingLastPathComponent()) }
        // Rename libc's NEEDED entry to a library nobody has (same length, so the string table keeps its layout).
        var bytes = Array(try Data(contentsOf: binary))
        let needle = Array("libc.so.6".utf8)
        let at = try #require((0...(bytes.count - needle.count)).first { Array(bytes[$0..<($0 + needle.count)]) == needle })
        bytes.replaceSubrange(at..<(at + needle.count), with: Array("libq.so.6".utf8))
        try Data(bytes).write(to: binary)
        #expect(throws: PackagingError("libq.so.6, needed by \(binary.path), was not found in the loader's search path")) {
            try LibraryResolver().resolve([binary.path])
        }
    }
}
