import AWS
import FoundationEssentials
import Logging

/// Deletes the objects under a prefix that are older than an age limit.
///
/// The age comes from the `YYYYMMDDHHMMSS` (UTC) that starts the key right after the prefix, as
/// faceDetection names its output (`tmp/20240101120000-<uuid>.jpg`), which saves a call per object;
/// keys without one are aged by `LastModified`. The listing is read page by page; due keys are
/// deleted in DeleteObjects batches of up to 1,000 while the listing continues, with at most
/// ``maxConcurrentDeletes`` batches in flight.
///
/// Only keys that start with the prefix (byte for byte) are ever deleted, whatever the listing returns.
/// Keys S3 refuses to delete are reported in ``PurgeResult/errors``, not hidden; keys XML 1.0 cannot
/// carry are deleted one by one. With a deadline, the purge stops listing and starting deletes when it
/// passes, and says so in ``PurgeResult/stoppedEarly``.
public struct BucketPurger: Sendable {
    private let s3: S3Client
    /// The most DeleteObjects requests in flight at once.
    public let maxConcurrentDeletes: Int
    /// Keys per ListObjectsV2 page (S3's maximum is 1,000).
    public let pageSize: Int

    /// Creates a purger.
    /// - Parameters:
    ///   - s3: The S3 client.
    ///   - maxConcurrentDeletes: DeleteObjects requests in flight at once, 4 by default.
    ///   - pageSize: Keys per listing page, 1 to 1,000; 1,000 by default.
    public init(s3: S3Client, maxConcurrentDeletes: Int = 4, pageSize: Int = 1000) {
        self.s3 = s3
        self.maxConcurrentDeletes = max(1, maxConcurrentDeletes)
        self.pageSize = min(max(1, pageSize), 1000)
    }

    /// Runs one purge.
    /// - Parameters:
    ///   - settings: Bucket, prefix, age limit, dry run.
    ///   - now: The time ages are measured from.
    ///   - deadline: When to stop listing and deleting; the result then says ``PurgeResult/stoppedEarly``
    ///     and the next run continues where this one stopped. None by default.
    ///   - logger: Receives one progress line per listing page and a summary.
    /// - Returns: Counts and the keys that could not be deleted.
    /// - Throws: ``S3Error``, `AWSClientError` or `HTTPClientError` when a listing or a whole
    ///   DeleteObjects request fails (after retries); batches already deleted stay deleted.
    public func purge(
        _ settings: PurgeSettings, now: Date = Date(), deadline: PurgeDeadline = .none, logger: Logger
    ) async throws -> PurgeResult {
        let cutoff = now.addingTimeInterval(-Double(settings.maxAgeSeconds))
        var result = PurgeResult(dryRun: settings.dryRun)
        var due: [String] = []
        var page = 0

        try await withThrowingTaskGroup(of: DeleteOutcome.self) { group in
            var inFlight = 0
            func collect(_ outcome: DeleteOutcome) {
                result.deleted += outcome.attempted - outcome.errors.count
                result.errors += outcome.errors
                inFlight -= 1
            }
            func delete(_ batch: [String]) async throws {
                if settings.dryRun {
                    result.deleted += batch.count
                    return
                }
                if inFlight >= maxConcurrentDeletes, let outcome = try await group.next() {
                    collect(outcome)
                }
                inFlight += 1
                group.addTask { [s3] in try await Self.delete(batch, bucket: settings.bucket, s3: s3) }
            }

            var token: String?
            repeat {
                guard !deadline.hasPassed, let listing = try await deadline.value(of: { [s3, pageSize, token] in
                    try await s3.listObjectsV2(
                        bucket: settings.bucket, prefix: settings.prefix, maxKeys: pageSize, continuationToken: token)
                }) else {
                    result.stoppedEarly = true
                    break
                }
                page += 1
                var pageDue = 0
                for object in listing.objects {
                    // Bytes, as S3 compares: String.hasPrefix would match canonically equivalent (NFC/NFD) keys.
                    guard object.key.utf8.starts(with: settings.prefix.utf8) else {
                        logger.warning("listing returned \(object.key), outside the prefix \(settings.prefix); left alone")
                        continue
                    }
                    result.found += 1
                    if Self.createdAt(object, prefix: settings.prefix) < cutoff {
                        due.append(object.key)
                        pageDue += 1
                    } else {
                        result.kept += 1
                    }
                }
                while due.count >= S3Client.maxKeysPerDelete, !deadline.hasPassed {
                    try await delete(Array(due.prefix(S3Client.maxKeysPerDelete)))
                    due.removeFirst(S3Client.maxKeysPerDelete)
                }
                logger.info(
                    "page \(page): \(listing.objects.count) listed, \(pageDue) due; so far \(result.found) found, \(result.kept) kept, \(result.deleted) \(settings.dryRun ? "would be deleted" : "deleted"), \(result.errors.count) failed, \(inFlight) batches in flight")
                token = listing.nextContinuationToken
            } while token != nil

            if !due.isEmpty, !deadline.hasPassed {
                try await delete(due)
                due.removeAll()
            }
            // Batches already sent are waited for: each is one request, bounded by the client's timeout.
            while let outcome = try await group.next() {
                collect(outcome)
            }
        }
        if !due.isEmpty || result.stoppedEarly {
            result.stoppedEarly = true
            result.skipped = due.count
            logger.warning(
                "stopped early near the invocation's deadline: \(due.count) due keys not deleted this time; the next run continues")
        }

        logger.info(
            "purged s3://\(settings.bucket)/\(settings.prefix) older than \(settings.maxAgeSeconds) s: \(result.found) found, \(result.deleted) \(settings.dryRun ? "would be deleted (dry run)" : "deleted"), \(result.kept) kept, \(result.errors.count) failed\(result.stoppedEarly ? ", stopped early" : "")")
        for error in result.errors.prefix(20) {
            logger.error("could not delete \(error.key): \(error.code) \(error.message)")
        }
        return result
    }

    /// Deletes one batch: one DeleteObjects for the keys XML can carry, and DeleteObject for each other
    /// key, so that one such key never fails the whole batch (it would, every hour, for good).
    private static func delete(_ batch: [String], bucket: String, s3: S3Client) async throws -> DeleteOutcome {
        var errors: [DeleteError] = []
        let writable = batch.filter(S3Client.isXMLRepresentable)
        if !writable.isEmpty {
            errors += try await s3.deleteObjects(bucket: bucket, keys: writable).errors
        }
        for key in batch where !S3Client.isXMLRepresentable(key) {
            do {
                try await s3.deleteObject(bucket: bucket, key: key)
            } catch let error as S3Error {
                errors.append(DeleteError(key: key, code: error.code, message: error.message))
            } catch {
                errors.append(DeleteError(key: key, code: "DeleteObjectFailed", message: String(describing: error)))
            }
        }
        return DeleteOutcome(attempted: batch.count, errors: errors)
    }

    /// When the object was made: the `YYYYMMDDHHMMSS` right after the prefix, else `LastModified`.
    ///
    /// The 14 digits must name a real UTC moment and must not run on into more digits.
    /// - Parameters:
    ///   - object: The listed object.
    ///   - prefix: The prefix its key starts with.
    /// - Returns: The creation time used for its age.
    public static func createdAt(_ object: S3Object, prefix: String) -> Date {
        let rest = object.key.utf8.dropFirst(prefix.utf8.count)
        let digits = rest.prefix(14)
        let isDigit = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        guard digits.count == 14, !(rest.dropFirst(14).first.map(isDigit) ?? false),
              let stamp = UTCTime(compact: String(decoding: digits, as: UTF8.self))
        else {
            return object.lastModified
        }
        return stamp.date
    }

    private struct DeleteOutcome: Sendable {
        var attempted: Int
        var errors: [DeleteError]
    }
}
