import AWS
import Foundation
import Logging
import PurgeBucketHandler
import Testing
import TestServers

/// BucketPurger against moto, without the runtime.
@Suite("BucketPurger against moto")
struct BucketPurgerTests {
    let server: S3TestServer
    let s3: S3Client
    let bucket = "purge-bucket"
    let lines = LogLines()
    var logger: Logger {
        Logger(label: "test") { [lines] _ in CollectingLogHandler(lines: lines) }
    }

    init() throws {
        server = try S3TestServer()
        var environment = S3TestServer.environment
        environment["AWS_ENDPOINT_URL_S3"] = server.proxyEndpoint
        s3 = try S3Client(environment: environment)
    }

    private func settings(dryRun: Bool = false) throws -> PurgeSettings {
        try PurgeSettings(bucket: bucket, prefix: "tmp/", maxAgeSeconds: 3600, dryRun: dryRun)
    }

    @Test func deletesExactlyTheDueKeysAcrossPages() async throws {
        let fixture = PurgeFixture.mixed(count: 1200)
        try fixture.seed(server, bucket: bucket)
        // Small pages and one delete at a time: batches must carry over from page to page.
        let purger = BucketPurger(s3: s3, maxConcurrentDeletes: 1, pageSize: 170)
        let result = try await purger.purge(settings(), logger: logger)
        #expect(result == PurgeResult(
            found: fixture.underPrefix, deleted: fixture.dueKeys.count,
            kept: fixture.underPrefix - fixture.dueKeys.count, errors: [], dryRun: false))
        #expect(try server.keys(bucket: bucket) == fixture.remainingKeys)
        // One progress line per page (1,200 keys: 1,080 under tmp/, so 7 pages of 170), then a summary.
        let progress = lines.all.filter { $0.hasPrefix("page ") }
        #expect(progress.count == (fixture.underPrefix + 169) / 170)
        #expect(progress.last?.contains("so far \(fixture.underPrefix) found") == true)
        #expect(lines.all.last?.hasPrefix("purged s3://\(bucket)/tmp/") == true)
        let deletes = try server.log().filter { ($0["path"] as! String).hasSuffix("?delete") }
        #expect(deletes.count == (fixture.dueKeys.count + 999) / 1000)
    }

    @Test func dryRunDeletesNothing() async throws {
        let fixture = PurgeFixture.mixed(count: 300)
        try fixture.seed(server, bucket: bucket)
        let before = try server.keys(bucket: bucket)
        let result = try await BucketPurger(s3: s3).purge(settings(dryRun: true), logger: logger)
        #expect(result.dryRun)
        #expect(result.deleted == fixture.dueKeys.count)
        #expect(result.found == fixture.underPrefix)
        #expect(try server.keys(bucket: bucket) == before)
        #expect(try server.log().allSatisfy { $0["method"] as! String == "GET" })
    }

    @Test func reportsKeysItFailedToDelete() async throws {
        let old = PurgeFixture.stamp(90_000)
        let keys = ["tmp/\(old)-free-1", "tmp/\(old)-free-2", "tmp/locked/\(old)", "tmp/locked/x"]
        try server.createBucket(bucket)
        try server.seed(bucket: bucket, objects: keys.map { ($0, 90_000) })
        try server.setPolicy(bucket: bucket, policy: [
            "Version": "2012-10-17",
            "Statement": [["Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject",
                           "Resource": "arn:aws:s3:::\(bucket)/tmp/locked/*"]],
        ])
        let result = try await BucketPurger(s3: s3).purge(settings(), logger: logger)
        #expect(result.found == 4)
        #expect(result.deleted == 2)
        #expect(result.kept == 0)
        #expect(result.errors.map(\.key).sorted() == ["tmp/locked/\(old)", "tmp/locked/x"])
        #expect(result.errors.allSatisfy { $0.code == "AccessDenied" })
        #expect(lines.all.contains { $0.hasPrefix("could not delete tmp/locked/x: AccessDenied") })
        #expect(try server.keys(bucket: bucket) == ["tmp/locked/\(old)", "tmp/locked/x"])
    }

    @Test func emptyPrefixWhenAllowedPurgesTheWholeBucket() async throws {
        try server.createBucket(bucket)
        // With an empty prefix the stamp starts the key.
        try server.seed(bucket: bucket, objects: [("\(PurgeFixture.stamp(7200))-a", nil), ("b", 7200), ("c", nil)])
        let settings = try PurgeSettings(bucket: bucket, prefix: "", maxAgeSeconds: 3600, allowEmptyPrefix: true)
        let result = try await BucketPurger(s3: s3).purge(settings, logger: logger)
        #expect(result.deleted == 2)
        #expect(try server.keys(bucket: bucket) == ["c"])
    }

    @Test func aFailedListingIsAnError() async throws {
        await #expect(throws: S3Error.self) {
            try await BucketPurger(s3: s3).purge(settings(), logger: logger)  // no such bucket
        }
    }
}

/// Log messages, collected for assertions.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    var all: [String] { lock.withLock { lines } }

    func append(_ line: String) {
        lock.withLock { lines.append(line) }
    }
}

struct CollectingLogHandler: LogHandler {
    let lines: LogLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
             file: String, function: String, line: UInt) {
        lines.append(message.description)
    }
}
