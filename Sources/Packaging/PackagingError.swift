/// Why packaging stopped: one line for the user, worded as build.sh worded it.
public struct PackagingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message, without a program-name prefix.
    public let description: String
    /// What a tool printed that explains the error (SwiftPM's message, a build log's tail); printed before it.
    public var details: String

    /// Creates an error with a message.
    public init(_ description: String, details: String = "") {
        self.description = description
        self.details = details
    }

    static func io(_ message: String) -> PackagingError { PackagingError(message) }
    static func zlib(_ message: String) -> PackagingError { PackagingError("zlib: \(message)") }
    static func elf(_ path: String, _ message: String) -> PackagingError { PackagingError("\(path): \(message)") }
}
