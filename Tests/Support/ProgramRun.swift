import Foundation

/// How a program that ran to its end finished, and what it printed.
public struct ProgramResult: Sendable {
    /// The exit status (or the signal number when it was killed).
    public let status: Int32
    /// Its standard output.
    public let output: String
    /// Its standard error.
    public let error: String
}

/// Runs a program to its end, awaiting its exit without holding a thread of Swift's cooperative pool.
///
/// Output and error go to files rather than pipes, so a chatty program cannot fill a pipe and stall; `input`, if
/// given, is its standard input.
/// - Parameters:
///   - executable: The program's path.
///   - arguments: Its arguments.
///   - environment: Its whole environment; nil inherits the test process's.
///   - input: Text for its standard input.
/// - Returns: Its status, output and error.
public func runProgram(
    _ executable: String, _ arguments: [String], environment: [String: String]? = nil, input: String? = nil
) async throws -> ProgramResult {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("program-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let outURL = directory.appendingPathComponent("out"), errURL = directory.appendingPathComponent("err")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    if let input {
        let inURL = directory.appendingPathComponent("in")
        try Data(input.utf8).write(to: inURL)
        process.standardInput = try FileHandle(forReadingFrom: inURL)
    }
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
        process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
        do { try process.run() } catch { continuation.resume(throwing: error) }
    }
    return ProgramResult(
        status: status, output: try String(contentsOf: outURL, encoding: .utf8),
        error: try String(contentsOf: errURL, encoding: .utf8))
}
