import FoundationEssentials

/// An object as a listing describes it.
public struct S3Object: Sendable, Equatable {
    /// The key, decoded.
    public var key: String
    /// When the object was last written.
    public var lastModified: Date
    /// The size in bytes.
    public var size: Int
    /// The entity tag, quotes removed (an MD5 hex digest for single-part uploads without KMS).
    public var eTag: String

    /// Creates an object description.
    /// - Parameters:
    ///   - key: The key.
    ///   - lastModified: The last write.
    ///   - size: The size in bytes.
    ///   - eTag: The entity tag without quotes.
    public init(key: String, lastModified: Date, size: Int, eTag: String = "") {
        self.key = key
        self.lastModified = lastModified
        self.size = size
        self.eTag = eTag
    }
}
