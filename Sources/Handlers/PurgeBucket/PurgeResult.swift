import AWS

/// What a purge did: `{"found","deleted","kept","errors","dryRun"}`.
///
/// `found` = `deleted` + `kept` + `errors.count`. In a dry run, `deleted` counts the objects that
/// would have been deleted, and nothing was.
public struct PurgeResult: Codable, Sendable, Equatable {
    /// Objects under the prefix.
    public var found: Int
    /// Objects deleted (in a dry run: that would have been).
    public var deleted: Int
    /// Objects younger than the age limit, left alone.
    public var kept: Int
    /// Objects that were due but S3 refused to delete, with S3's code and message.
    public var errors: [DeleteError]
    /// Whether this was a dry run.
    public var dryRun: Bool

    /// Creates a result.
    /// - Parameters:
    ///   - found: Objects under the prefix.
    ///   - deleted: Objects deleted.
    ///   - kept: Objects kept.
    ///   - errors: Objects that could not be deleted.
    ///   - dryRun: Whether nothing was deleted on purpose.
    public init(found: Int = 0, deleted: Int = 0, kept: Int = 0, errors: [DeleteError] = [], dryRun: Bool) {
        self.found = found
        self.deleted = deleted
        self.kept = kept
        self.errors = errors
        self.dryRun = dryRun
    }
}
