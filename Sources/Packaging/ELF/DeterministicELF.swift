import Crypto

/// Makes a linked Swift binary depend only on its inputs.
///
/// swiftc stamps each object with a 16-byte module hash in `.swift_modhash` (read by its incremental builds, never
/// at run time) that depends on where the build ran, and the linker's GNU build id hashes the whole file. Both are
/// rewritten: the module hashes as zeros, the build id as the SHA-1 of the file with its build id zeroed (repeated
/// to the note's length). Two clean builds of the same sources in different folders then give the same bytes.
enum DeterministicELF {
    /// `file`'s bytes with the module hashes zeroed and the build id derived from the content; unchanged when
    /// neither section is present.
    static func normalize(_ file: ELFFile) throws(PackagingError) -> [UInt8] {
        var bytes = file.bytes
        if let hashes = file.section(".swift_modhash") {
            guard hashes.offset + hashes.size <= bytes.count else { throw .elf(file.path, "truncated .swift_modhash") }
            for index in hashes.offset..<(hashes.offset + hashes.size) { bytes[index] = 0 }
        }
        if let note = file.section(".note.gnu.build-id") {
            let nameSize = try ELFFile.read(bytes, note.offset, 4, file.path)
            let descriptorSize = try ELFFile.read(bytes, note.offset + 4, 4, file.path)
            if try ELFFile.read(bytes, note.offset + 8, 4, file.path) == 3 {  // NT_GNU_BUILD_ID
                let start = note.offset + 12 + ((nameSize + 3) & ~3)
                guard start + descriptorSize <= bytes.count else { throw .elf(file.path, "truncated build id") }
                for index in start..<(start + descriptorSize) { bytes[index] = 0 }
                let digest = Array(Insecure.SHA1.hash(data: bytes))
                for index in 0..<descriptorSize { bytes[start + index] = digest[index % digest.count] }
            }
        }
        return bytes
    }
}
