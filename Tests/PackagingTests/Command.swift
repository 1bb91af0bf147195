import Foundation

/// A program run to completion, its output captured through files (no pipe can fill up and stall it).
struct Command {
    /// What a finished command left behind.
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
        /// Both outputs, for failure messages.
        var output: String { standardOutput + standardError }
    }

    /// Runs `executable` with `arguments` and waits for it.
    /// - Parameters:
    ///   - environment: replaces the test process's environment when given.
    ///   - extraEnvironment: added to whichever environment the command gets.
    @discardableResult
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        extraEnvironment: [String: String] = [:], in directory: URL? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : try which(executable))
        process.arguments = arguments
        var env = environment ?? ProcessInfo.processInfo.environment
        env.merge(extraEnvironment) { $1 }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let outputFile = try TemporaryFile()
        let errorFile = try TemporaryFile()
        process.standardOutput = outputFile.handle
        process.standardError = errorFile.handle
        try process.run()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, standardOutput: outputFile.contents(), standardError: errorFile.contents())
    }

    /// The absolute path of a program on PATH or in the system's sbin folders (unshare, chroot, mount live there).
    static func which(_ name: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":").map(String.init) + ["/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/bin", "/bin"] {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw CommandError(description: "\(name) is not installed (not on PATH nor in the sbin folders)")
    }
}

/// A command that could not run or did not do what the test needed.
struct CommandError: Error, CustomStringConvertible {
    var description: String
}

/// A file in the temporary folder, removed when released.
final class TemporaryFile {
    let url: URL
    let handle: FileHandle

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("packaging-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: url.path, contents: nil)
        handle = try FileHandle(forWritingTo: url)
    }

    func contents() -> String {
        String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self)
    }

    deinit {
        try? handle.close()
        try? FileManager.default.removeItem(at: url)
    }
}
