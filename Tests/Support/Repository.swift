import Foundation

/// Paths in the repository under test, found from this file's location.
public enum Repository {
    /// The package root.
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url.deleteLastPathComponent()
        }
        return url
    }()

    /// The contents of `events/<name>`.
    public static func event(_ name: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent("events").appendingPathComponent(name))
    }
}
