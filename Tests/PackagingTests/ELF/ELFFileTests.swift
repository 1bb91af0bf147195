import Foundation
@testable import LambdaPackaging
import Testing

/// The ELF reader against readelf and ldd on this machine's own programs, and on hostile bytes.
@Suite struct ELFFileTests {
    /// A tiny C program built with gcc: it needs libc and `__libc_start_main@GLIBC_2.34` (glibc ≥ 2.34 builds).
    static func cProgram() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("elf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let source = folder.appendingPathComponent("main.c")
        try "#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n".write(to: source, atomically: true, encoding: .utf8)
        let binary = folder.appendingPathComponent("main")
        let result = try Command.run("gcc", ["-o", binary.path, source.path, "-Wl,-rpath,$ORIGIN/lib", "-Wl,--disable-new-dtags"])
        try #require(result.status == 0, "\(result.output)")
        return binary
    }

    @Test func neededSearchPathsAndInterpreterMatchReadelf() throws {
        let binary = try Self.cProgram()
        defer { try? FileManager.default.removeItem(at: binary.deletingLastPathComponent()) }
        let file = try ELFFile(path: binary.path)
        let readelf = try Command.run("readelf", ["-dlW", binary.path]).standardOutput
        #expect(try file.needed == ["libc.so.6"])
        #expect(readelf.contains("Shared library: [libc.so.6]"))
        #expect(try file.dynamicStrings(15) == ["$ORIGIN/lib"])
        #expect(try file.dynamicStrings(29).isEmpty)
        let interpreter = try #require(file.interpreter)
        #expect(readelf.contains("[Requesting program interpreter: \(interpreter)]"))
        #expect(try file.neededVersions().contains("GLIBC_2.34"))
    }

    @Test func truncatedOrForeignBytesAreErrorsNotCrashes() throws {
        let good = Array(try Data(contentsOf: URL(fileURLWithPath: "/bin/sh")))
        #expect(throws: PackagingError("x: not an ELF file")) { try ELFFile(path: "x", bytes: Array("#!/bin/sh\n".utf8) + [UInt8](repeating: 0, count: 64)) }
        var bigEndian = good
        bigEndian[5] = 2
        #expect(throws: PackagingError("x: not a 64-bit little-endian ELF file")) { try ELFFile(path: "x", bytes: bigEndian) }
        // Cut anywhere, the file is refused or read without reading past its end.
        for length in stride(from: 64, to: good.count, by: max(1, good.count / 97)) {
            if let file = try? ELFFile(path: "x", bytes: Array(good[..<length])) {
                _ = try? file.needed
                _ = try? file.neededVersions()
            }
        }
        var wildOffsets = good
        for index in 0x28..<0x30 { wildOffsets[index] = 0xFF }  // section headers "at" the end of the address space
        #expect(throws: PackagingError.self) { try ELFFile(path: "x", bytes: wildOffsets) }
    }

    @Test func glibcNeedsAreCheckedAgainstTheTargetOS() throws {
        let binary = try Self.cProgram()
        defer { try? FileManager.default.removeItem(at: binary.deletingLastPathComponent()) }
        let file = try ELFFile(path: binary.path)
        #expect(try GlibcCheck.newest(in: [file])?.version == [2, 34])
        #expect(try GlibcCheck.check([file], target: .al2023, libcBundled: false) == "glibc: needs 2.34, al2023 has 2.34")
        #expect(throws: PackagingError("\(binary.path) needs GLIBC_2.34, newer than al2's glibc 2.26")) {
            try GlibcCheck.check([file], target: .al2, libcBundled: false)
        }
        #expect(try GlibcCheck.check([file], target: .al2, libcBundled: true) == "glibc: needs 2.34, bundled in lib/ (al2's 2.26 is not used)")
    }
}
