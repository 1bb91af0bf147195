import Foundation

/// The programs packaging runs (swift, strip, patchelf, ldconfig, dpkg-query, pkg-config): found on PATH, run to
/// completion with their output captured through files, so no pipe fills up and stalls them.
public struct Toolbox: Sendable {
    /// What a finished program left behind.
    struct Output: Sendable {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// The environment's PATH, searched for programs.
    var path: String = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"

    /// The absolute path of `name` on PATH (then the sbin folders, where ldconfig lives), or nil.
    func which(_ name: String) -> String? {
        if name.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for directory in path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"] {
            let candidate = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `program` with `arguments` and waits for it.
    /// - Parameters:
    ///   - log: when given, standard output and error both go to this file instead of being captured.
    /// - Throws: `PackagingError` when the program is not on PATH or cannot start.
    func run(_ program: String, _ arguments: [String], log: URL? = nil) throws(PackagingError) -> Output {
        guard let executable = which(program) else { throw PackagingError("\(program) is missing (not on PATH)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let folder = FileManager.default.temporaryDirectory
        let outputURL = log ?? folder.appendingPathComponent("packaging-out-\(UUID().uuidString)")
        let errorURL = folder.appendingPathComponent("packaging-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        defer {
            if log == nil { try? FileManager.default.removeItem(at: outputURL) }
            try? FileManager.default.removeItem(at: errorURL)
        }
        do {
            let output = try FileHandle(forWritingTo: outputURL), error = try FileHandle(forWritingTo: errorURL)
            defer { try? output.close(); try? error.close() }
            process.standardOutput = output
            process.standardError = log == nil ? error : output
            process.standardInput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
        } catch {
            throw PackagingError("cannot run \(program): \(error.localizedDescription)")
        }
        let read = { (url: URL) in String(decoding: FileManager.default.contents(atPath: url.path) ?? Data(), as: UTF8.self) }
        return Output(status: process.terminationStatus, standardOutput: log == nil ? read(outputURL) : "", standardError: read(errorURL))
    }

    /// Runs `program` and returns its standard output.
    /// - Throws: `PackagingError` with the program's standard error when it exits with a status other than 0.
    func output(_ program: String, _ arguments: [String]) throws(PackagingError) -> String {
        let result = try run(program, arguments)
        guard result.status == 0 else {
            throw PackagingError("\(program) \(arguments.joined(separator: " ")) failed: \(result.standardError.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return result.standardOutput
    }
}

extension Toolbox {
    /// Checks that the programs packaging runs are installed.
    /// - Throws: `PackagingError` naming the first missing one and its Debian package.
    public static func require(_ programs: [String]) throws(PackagingError) {
        let packages = ["strip": "binutils", "patchelf": "patchelf", "pkg-config": "pkg-config"]
        for program in programs where Toolbox().which(program) == nil {
            throw PackagingError("\(program) is missing (apt-get install \(packages[program] ?? program))")
        }
    }
}
