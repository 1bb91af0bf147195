import Foundation

/// Writes a folder as a zip whose bytes depend only on the files' paths, contents and executable bits.
///
/// Entries are the regular files (symbolic links followed), sorted by path, with no folder entries; every time is
/// 1980-01-01 00:00:00 (the earliest a zip can hold); Unix mode 755 for executables, 644 for the rest; no extra
/// fields; deflate level 9. The layout is the one Python's `zipfile` writes for such entries (version 2.0, made on
/// Unix), so these zips are byte-identical to the ones build.sh made before it moved to Swift.
/// The archive is written beside its destination and renamed over it: a failed run never leaves half a zip.
public enum ReproducibleZip {
    /// One file of the archive.
    public struct Entry: Sendable, Equatable {
        /// Path inside the archive, `/`-separated.
        public var name: String
        /// The file's bytes.
        public var contents: [UInt8]
        /// Stored as mode 755 when true, 644 otherwise.
        public var executable: Bool

        /// Creates an entry.
        public init(name: String, contents: [UInt8], executable: Bool) {
            self.name = name
            self.contents = contents
            self.executable = executable
        }
    }

    /// Zips `folder` into `destination`.
    /// - Throws: `PackagingError` when the folder holds something other than regular files and folders, or on I/O errors.
    public static func write(folder: URL, to destination: URL) throws(PackagingError) {
        let bytes = try archive(entries(in: folder))
        let partial = destination.appendingPathExtension("partial")
        do {
            try Data(bytes).write(to: partial)
            if FileManager.default.fileExists(atPath: destination.path) {
                _ = try FileManager.default.replaceItemAt(destination, withItemAt: partial)
            } else {
                try FileManager.default.moveItem(at: partial, to: destination)
            }
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw .io("cannot write \(destination.path): \(error.localizedDescription)")
        }
    }

    /// The regular files under `folder`, sorted by path (byte order, as Python sorts `str`).
    static func entries(in folder: URL) throws(PackagingError) -> [Entry] {
        var found: [Entry] = []
        try collect(folder.path, prefix: "", into: &found)
        return found.sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
    }

    private static func collect(_ directory: String, prefix: String, into found: inout [Entry]) throws(PackagingError) {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw .io("cannot list \(directory): \(error.localizedDescription)")
        }
        for name in names {
            let path = directory + "/" + name
            var status = stat()
            guard stat(path, &status) == 0 else { throw .io("cannot read \(path): \(String(cString: strerror(errno)))") }
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                try collect(path, prefix: prefix + name + "/", into: &found)
            case S_IFREG:
                guard let data = FileManager.default.contents(atPath: path) else { throw .io("cannot read \(path)") }
                found.append(Entry(name: prefix + name, contents: Array(data), executable: status.st_mode & S_IXUSR != 0))
            default:
                throw .io("\(path): not a regular file")
            }
        }
    }

    /// The archive's bytes for `entries`, in the order given.
    /// - Throws: `PackagingError` when an entry or the archive exceeds what a zip without zip64 holds.
    public static func archive(_ entries: [Entry]) throws(PackagingError) -> [UInt8] {
        var output: [UInt8] = [], directory: [UInt8] = []
        for entry in entries {
            let name = Array(entry.name.utf8)
            let compressed = try Deflate.compress(entry.contents)
            guard entry.contents.count < 0x7FFF_FFFF, output.count < 0xFFFF_FFFF, name.count <= 0xFFFF else {
                throw .io("\(entry.name): too large for a zip without zip64")
            }
            let crc = Deflate.crc32(entry.contents)
            // Bit 11 (UTF-8 names) only for names beyond ASCII, as zipfile sets it.
            let flags: UInt16 = name.contains { $0 >= 0x80 } ? 0x800 : 0
            let common: [(UInt32, Int)] = [
                (20, 2), (UInt32(flags), 2), (8, 2), (0, 2), (0x21, 2),  // version 2.0, flags, deflate, 00:00:00, 1980-01-01
                (crc, 4), (UInt32(compressed.count), 4), (UInt32(entry.contents.count), 4), (UInt32(name.count), 2), (0, 2),
            ]
            let offset = UInt32(output.count)
            output.append(littleEndian: 0x0403_4B50, 4)
            for (value, width) in common { output.append(littleEndian: value, width) }
            output += name
            output += compressed

            let mode: UInt32 = 0o100000 | (entry.executable ? 0o755 : 0o644)
            directory.append(littleEndian: 0x0201_4B50, 4)
            directory.append(littleEndian: 0x0314, 2)  // made by: Unix (3), version 2.0
            for (value, width) in common { directory.append(littleEndian: value, width) }
            for (value, width) in [(0, 2), (0, 2), (0, 2), (mode << 16, 4), (offset, 4)] as [(UInt32, Int)] {
                directory.append(littleEndian: value, width)  // comment length, disk, internal attributes, external, offset
            }
            directory += name
        }
        guard entries.count < 0xFFFF, output.count + directory.count < 0xFFFF_FFFF else { throw .io("too large for a zip without zip64") }
        let start = UInt32(output.count)
        output += directory
        output.append(littleEndian: 0x0605_4B50, 4)
        for (value, width) in [
            (0, 2), (0, 2), (UInt32(entries.count), 2), (UInt32(entries.count), 2), (UInt32(directory.count), 4), (start, 4), (0, 2),
        ] as [(UInt32, Int)] {
            output.append(littleEndian: value, width)
        }
        return output
    }
}

extension [UInt8] {
    fileprivate mutating func append(littleEndian value: UInt32, _ width: Int) {
        for index in 0..<width { append(UInt8(truncatingIfNeeded: value >> (8 * index))) }
    }
}
