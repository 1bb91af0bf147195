import Foundation

/// What packaging reads from a 64-bit little-endian ELF file: its sections, the program interpreter, the dynamic
/// entries (NEEDED, RPATH, RUNPATH) and the symbol versions it needs. Read from the bytes, never by running the
/// file or its loader (ldd would), so files built for another machine are read safely. Offsets are bounds-checked:
/// a truncated or crafted file is an error, never a crash.
struct ELFFile {
    /// One section header.
    struct Section: Equatable {
        var name: String
        var type: UInt32
        var offset: Int
        var size: Int
        var link: Int
    }

    /// `(class, machine)`: files of another ABI are never taken for a library.
    struct Identity: Equatable, Hashable {
        var elfClass: UInt8
        var machine: UInt16
    }

    let path: String
    let bytes: [UInt8]
    let identity: Identity
    let sections: [Section]
    /// The program interpreter (`PT_INTERP`), e.g. `/lib64/ld-linux-x86-64.so.2`.
    let interpreter: String?

    /// Reads and parses `path`.
    /// - Throws: `PackagingError` when the file cannot be read or is not a well-formed 64-bit little-endian ELF file.
    init(path: String) throws(PackagingError) {
        guard let data = FileManager.default.contents(atPath: path) else { throw .io("cannot read \(path)") }
        try self.init(path: path, bytes: Array(data))
    }

    /// Parses `bytes` as the ELF file at `path`.
    init(path: String, bytes: [UInt8]) throws(PackagingError) {
        self.path = path
        self.bytes = bytes
        guard bytes.count >= 64, bytes[0..<4].elementsEqual([0x7F, 0x45, 0x4C, 0x46]) else { throw .elf(path, "not an ELF file") }
        guard bytes[4] == 2, bytes[5] == 1 else { throw .elf(path, "not a 64-bit little-endian ELF file") }
        identity = Identity(elfClass: bytes[4], machine: UInt16(try Self.read(bytes, 18, 2, path)))
        let sectionOffset = try Self.read(bytes, 0x28, 8, path), sectionSize = try Self.read(bytes, 0x3A, 2, path)
        let sectionCount = try Self.read(bytes, 0x3C, 2, path), namesIndex = try Self.read(bytes, 0x3E, 2, path)
        var headers: [(name: Int, type: UInt32, offset: Int, size: Int, link: Int)] = []
        for index in 0..<sectionCount {
            let base = sectionOffset + index * sectionSize
            headers.append((
                try Self.read(bytes, base, 4, path), UInt32(try Self.read(bytes, base + 4, 4, path)),
                try Self.read(bytes, base + 0x18, 8, path), try Self.read(bytes, base + 0x20, 8, path),
                try Self.read(bytes, base + 0x28, 4, path)))
        }
        var sections: [Section] = []
        if namesIndex < headers.count {
            let names = headers[namesIndex].offset
            for header in headers {
                let name = try Self.string(bytes, names + header.name, path)
                sections.append(Section(name: name, type: header.type, offset: header.offset, size: header.size, link: header.link))
            }
        }
        self.sections = sections
        let programOffset = try Self.read(bytes, 0x20, 8, path), programSize = try Self.read(bytes, 0x36, 2, path)
        var interpreter: String?
        for index in 0..<(try Self.read(bytes, 0x38, 2, path)) {
            let base = programOffset + index * programSize
            if try Self.read(bytes, base, 4, path) == 3 {  // PT_INTERP
                interpreter = try Self.string(bytes, try Self.read(bytes, base + 8, 8, path), path)
            }
        }
        self.interpreter = interpreter
    }

    /// The named section, when present and backed by file bytes (not `SHT_NOBITS`).
    func section(_ name: String) -> Section? { sections.first { $0.name == name && $0.type != 8 } }

    /// The dynamic entries with tag `tag` whose values are strings (NEEDED 1, RPATH 15, RUNPATH 29).
    func dynamicStrings(_ tag: Int) throws(PackagingError) -> [String] {
        guard let dynamic = sections.first(where: { $0.type == 6 }), dynamic.link < sections.count else { return [] }
        let strings = sections[dynamic.link].offset
        var found: [String] = []
        for entry in stride(from: dynamic.offset, to: dynamic.offset + dynamic.size, by: 16) {
            let entryTag = try Self.read(bytes, entry, 8, path)
            if entryTag == 0 { break }
            if entryTag == tag { found.append(try Self.string(bytes, strings + (try Self.read(bytes, entry + 8, 8, path)), path)) }
        }
        return found
    }

    /// NEEDED entries, in file order.
    var needed: [String] { get throws(PackagingError) { try dynamicStrings(1) } }

    /// The version names this file needs from other objects (`.gnu.version_r`), e.g. `GLIBC_2.34`.
    func neededVersions() throws(PackagingError) -> [String] {
        guard let section = sections.first(where: { $0.type == 0x6FFF_FFFE }), section.link < sections.count else { return [] }
        let strings = sections[section.link].offset
        var names: [String] = [], entry = section.offset
        for _ in 0..<4096 {
            let count = try Self.read(bytes, entry + 2, 2, path), auxiliary = try Self.read(bytes, entry + 8, 4, path)
            var aux = entry + auxiliary
            for _ in 0..<count {
                names.append(try Self.string(bytes, strings + (try Self.read(bytes, aux + 8, 4, path)), path))
                let next = try Self.read(bytes, aux + 12, 4, path)
                if next == 0 { break }
                aux += next
            }
            let next = try Self.read(bytes, entry + 12, 4, path)
            if next == 0 { break }
            entry += next
        }
        return names
    }

    /// A little-endian unsigned integer of `width` bytes at `offset`.
    static func read(_ bytes: [UInt8], _ offset: Int, _ width: Int, _ path: String) throws(PackagingError) -> Int {
        guard offset >= 0, offset <= bytes.count - width else { throw .elf(path, "truncated or malformed ELF file") }
        var value: UInt64 = 0
        for index in (0..<width).reversed() { value = value << 8 | UInt64(bytes[offset + index]) }
        guard value <= UInt64(Int.max) else { throw .elf(path, "truncated or malformed ELF file") }
        return Int(value)
    }

    /// The NUL-terminated string at `offset`.
    static func string(_ bytes: [UInt8], _ offset: Int, _ path: String) throws(PackagingError) -> String {
        guard offset >= 0, offset < bytes.count, let end = bytes[offset...].firstIndex(of: 0) else {
            throw .elf(path, "truncated or malformed ELF file")
        }
        return String(decoding: bytes[offset..<end], as: UTF8.self)
    }

    /// The `(class, machine)` of the file at `path`, or nil when it is not an ELF file (or cannot be read).
    static func identity(at path: String) -> Identity? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 20), header.count == 20,
              header.starts(with: [0x7F, 0x45, 0x4C, 0x46]) else { return nil }
        let little = header[5] == 1
        let machine = little ? UInt16(header[18]) | UInt16(header[19]) << 8 : UInt16(header[19]) | UInt16(header[18]) << 8
        return Identity(elfClass: header[4], machine: machine)
    }
}
