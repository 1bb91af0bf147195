import Foundation

/// The repository's test data under `Tests/Fixtures/`: face images with OpenCV's boxes, AWS's SigV4 suite.
///
/// Every read goes through here, so a missing file fails the test that needs it with the file's path
/// (``TestDataError``) instead of crashing the whole run.
public enum TestData {
    /// `Tests/Fixtures` in the checkout under test.
    public static let root = Repository.root.appendingPathComponent("Tests/Fixtures")

    /// `Tests/Fixtures/faces/images`: the reference photos.
    public static let faceImages = root.appendingPathComponent("faces/images")

    /// The URL of `path` (relative to `Tests/Fixtures`), checked to exist.
    /// - Throws: ``TestDataError/missing(_:)`` naming the file when it is not in the checkout.
    public static func url(_ path: String) throws(TestDataError) -> URL {
        let url = root.appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: url.path) else { throw .missing(url.path) }
        return url
    }

    /// The bytes of `path` (relative to `Tests/Fixtures`).
    /// - Throws: ``TestDataError`` naming the file when it is missing or unreadable.
    public static func bytes(_ path: String) throws(TestDataError) -> [UInt8] {
        [UInt8](try data(path))
    }

    /// The contents of `path` (relative to `Tests/Fixtures`).
    /// - Throws: ``TestDataError`` naming the file when it is missing or unreadable.
    public static func data(_ path: String) throws(TestDataError) -> Data {
        let url = try url(path)
        do { return try Data(contentsOf: url) } catch { throw .unreadable(url.path, "\(error)") }
    }

    /// The bytes of one face image, by file name.
    public static func faceImage(_ name: String) throws(TestDataError) -> [UInt8] {
        try bytes("faces/images/\(name)")
    }
}

/// A fixture the tests need is not in the checkout.
public enum TestDataError: Error, CustomStringConvertible {
    case missing(String)
    case unreadable(String, String)

    public var description: String {
        switch self {
        case .missing(let path): "test fixture missing: \(path) (test data lives under Tests/Fixtures; see its README)"
        case .unreadable(let path, let reason): "test fixture unreadable: \(path): \(reason)"
        }
    }
}
