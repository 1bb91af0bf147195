import AWS

/// What a purge did: `{"found","deleted","kept","errors","dryRun","stoppedEarly","skipped"}`.
///
/// `found` = `deleted` + `kept` + `errors.count` + `skipped`. In a dry run, `deleted` counts the objects that
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
    /// Whether the purge stopped listing and deleting before the end because its invocation neared its
    /// deadline; the next run continues (due keys are still due).
    public var stoppedEarly: Bool
    /// Due keys that were listed but not deleted because the purge stopped early.
    public var skipped: Int

    /// Creates a result.
    /// - Parameters:
    ///   - found: Objects under the prefix.
    ///   - deleted: Objects deleted.
    ///   - kept: Objects kept.
    ///   - errors: Objects that could not be deleted.
    ///   - dryRun: Whether nothing was deleted on purpose.
    ///   - stoppedEarly: Whether the purge stopped before the end of the listing.
    ///   - skipped: Due keys not deleted because it stopped early.
    public init(
        found: Int = 0, deleted: Int = 0, kept: Int = 0, errors: [DeleteError] = [], dryRun: Bool,
        stoppedEarly: Bool = false, skipped: Int = 0
    ) {
        self.found = found
        self.deleted = deleted
        self.kept = kept
        self.errors = errors
        self.dryRun = dryRun
        self.stoppedEarly = stoppedEarly
        self.skipped = skipped
    }
}
