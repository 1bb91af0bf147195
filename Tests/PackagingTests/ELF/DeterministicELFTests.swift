import Crypto
import Foundation
@testable import LambdaPackaging
import Testing

/// Normalisation: module hashes zeroed, build id the SHA-1 of the file with the id zeroed, nothing else touched.
@Suite struct DeterministicELFTests {
    @Test func theBuildIDIsDerivedFromTheContent() throws {
        let binary = try ELFFileTests.cProgram()
        defer { try? FileManager.default.removeItem(at: binary.deletingLastPathComponent()) }
        let file = try ELFFile(path: binary.path)
        let note = try #require(file.section(".note.gnu.build-id"))
        let normalized = try DeterministicELF.normalize(file)
        #expect(normalized.count == file.bytes.count)
        let id = (note.offset + 16)..<(note.offset + note.size)  // GNU name is 4 bytes: 12 + 4
        var zeroed = normalized
        zeroed.replaceSubrange(id, with: [UInt8](repeating: 0, count: id.count))
        #expect(Array(normalized[id]) == Array(Insecure.SHA1.hash(data: zeroed)).prefix(id.count).map { $0 })
        // Only the id changed, and normalising again changes nothing.
        #expect(zeroed == { var original = file.bytes; original.replaceSubrange(id, with: [UInt8](repeating: 0, count: id.count)); return original }())
        #expect(try DeterministicELF.normalize(ELFFile(path: "n", bytes: normalized)) == normalized)
    }

    @Test func moduleHashesAreZeroed() throws {
        // This test program is Swift built by swiftc, so it carries the section.
        let file = try ELFFile(path: LibraryResolver.real("/proc/self/exe"))
        let hashes = try #require(file.section(".swift_modhash"))
        #expect(file.bytes[hashes.offset..<(hashes.offset + hashes.size)].contains { $0 != 0 })
        let normalized = try DeterministicELF.normalize(file)
        #expect(normalized[hashes.offset..<(hashes.offset + hashes.size)].allSatisfy { $0 == 0 })
    }
}
