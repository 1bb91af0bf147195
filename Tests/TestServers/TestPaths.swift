import Foundation

/// Folders the tests read, found from this file's location so tests run from any directory.
public enum TestPaths {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TestServers
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// Helper scripts the tests start.
    public static let scripts = packageRoot.appendingPathComponent("Tests/TestServers/Scripts")
}
