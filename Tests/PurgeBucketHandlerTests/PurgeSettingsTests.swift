import AWS
import Foundation
import LambdaEvents
import PurgeBucketHandler
import Testing
import TestServers

@Suite("Purge settings and events")
struct PurgeSettingsTests {
    static let events = TestPaths.packageRoot.appendingPathComponent("events")

    private func decode(_ json: String) throws -> PurgeRequest {
        try JSONDecoder().decode(PurgeRequest.self, from: Data(json.utf8))
    }

    @Test func defaultsAreTmpAndOneHour() throws {
        let defaults = try PurgeDefaults(environment: ["BUCKET": "b"])
        let settings = try PurgeSettings(request: PurgeRequest(), defaults: defaults)
        #expect(settings == (try PurgeSettings(bucket: "b", prefix: "tmp/", maxAgeSeconds: 3600)))
        #expect(!settings.dryRun)
    }

    @Test func environmentThenEventOverrides() throws {
        let defaults = try PurgeDefaults(environment: [
            "BUCKET": "env-bucket", "PREFIX": "cache/", "MAX_AGE_SECONDS": "60", "DRY_RUN": "true",
            "ALLOW_EVENT_OVERRIDES": "true",
        ])
        let fromEnvironment = try PurgeSettings(request: PurgeRequest(), defaults: defaults)
        #expect(fromEnvironment == (try PurgeSettings(bucket: "env-bucket", prefix: "cache/", maxAgeSeconds: 60, dryRun: true)))
        let overridden = try PurgeSettings(
            request: try decode(#"{"bucket":"b2","prefix":"x/","maxAgeSeconds":5,"dryRun":false}"#), defaults: defaults)
        #expect(overridden == (try PurgeSettings(bucket: "b2", prefix: "x/", maxAgeSeconds: 5, dryRun: false)))
    }

    @Test func acceptsTheScheduledEventAndIgnoresItsFields() throws {
        let data = try Data(contentsOf: Self.events.appendingPathComponent("scheduled-event.json"))
        #expect(try JSONDecoder().decode(PurgeRequest.self, from: data) == PurgeRequest())
        // It is the real shape: the runtime's own ScheduledEvent type reads it too.
        #expect(try JSONDecoder().decode(ScheduledEvent.self, from: data).detailType == "Scheduled Event")
        #expect(try decode("{}") == PurgeRequest())
        #expect(try decode("null") == PurgeRequest())
    }

    @Test func theSampleEventIsADryRun() throws {
        let data = try Data(contentsOf: Self.events.appendingPathComponent("purgeBucketByPrefix.json"))
        let request = try JSONDecoder().decode(PurgeRequest.self, from: data)
        #expect(request == PurgeRequest(bucket: "my-lambda-bucket", prefix: "tmp/", maxAgeSeconds: 3600, dryRun: true))
    }

    @Test(arguments: [#"{"maxAgeSeconds":"3600"}"#, #"{"dryRun":"yes"}"#, #"{"prefix":7}"#, "[]", "\"tmp/\""])
    func wronglyTypedEventsAreRefused(json: String) {
        #expect(throws: DecodingError.self) { try decode(json) }
    }

    @Test func emptyPrefixIsRefusedUnlessAllowed() throws {
        let defaults = try PurgeDefaults(environment: ["BUCKET": "b", "ALLOW_EVENT_OVERRIDES": "1"])
        #expect(throws: PurgeError.emptyPrefix) { try PurgeSettings(request: PurgeRequest(prefix: ""), defaults: defaults) }
        #expect(throws: PurgeError.emptyPrefix) { try PurgeDefaults(environment: ["BUCKET": "b", "PREFIX": ""]).settings() }
        let allowed = try PurgeSettings(request: PurgeRequest(prefix: "", allowEmptyPrefix: true), defaults: defaults)
        #expect(allowed.prefix == "")
        let configured = try PurgeDefaults(environment: ["BUCKET": "b", "PREFIX": "", "ALLOW_EMPTY_PREFIX": "true"])
        #expect(try configured.settings().prefix == "")
    }

    /// The cross-site request of issue 14: an event naming another bucket, an empty prefix and age 0.
    @Test func withoutOverridesAnEventCannotWidenThePurge() throws {
        let defaults = try PurgeDefaults(environment: ["BUCKET": "faces", "MAX_AGE_SECONDS": "3600", "DRY_RUN": "true"])
        let hostile = try decode(#"{"bucket":"precious-bucket","allowEmptyPrefix":true,"dryRun":false}"#)
        #expect(try PurgeSettings(request: hostile, defaults: defaults)
            == PurgeSettings(bucket: "faces", prefix: "tmp/", maxAgeSeconds: 3600, dryRun: true))
        #expect(PurgeSettings.ignoredFields(of: hostile, defaults: defaults) == ["bucket", "allowEmptyPrefix", "dryRun"])
        for widening in [#"{"prefix":""}"#, #"{"prefix":"tmp"}"#, #"{"prefix":"other/"}"#, #"{"maxAgeSeconds":0}"#,
                         #"{"prefix":"","allowEmptyPrefix":true}"#] {
            #expect(throws: PurgeError.invalidSetting, "\(widening)") { try PurgeSettings(request: try decode(widening), defaults: defaults) }
        }
        // Narrowing is fine: a sub-prefix, an older age.
        let narrower = try PurgeSettings(request: try decode(#"{"prefix":"tmp/2024","maxAgeSeconds":7200}"#), defaults: defaults)
        #expect(narrower == (try PurgeSettings(bucket: "faces", prefix: "tmp/2024", maxAgeSeconds: 7200, dryRun: true)))
        #expect(PurgeSettings.ignoredFields(of: try decode(#"{"bucket":"faces"}"#), defaults: defaults).isEmpty)
    }

    /// S3 compares bytes: "é" as one scalar (NFC) and as e + U+0301 (NFD) are different prefixes there.
    @Test func prefixesCompareAsBytes() throws {
        let defaults = try PurgeDefaults(environment: ["BUCKET": "b", "PREFIX": "caf\u{E9}/"])
        #expect(throws: PurgeError.invalidSetting) {
            try PurgeSettings(request: PurgeRequest(prefix: "cafe\u{301}/x"), defaults: defaults)
        }
    }

    @Test func missingBucketIsRefused() throws {
        #expect(throws: PurgeError.missingBucket) { try PurgeDefaults(environment: [:]).settings() }
        #expect(throws: PurgeError.missingBucket) { try PurgeDefaults(environment: ["BUCKET": ""]).settings() }
    }

    @Test(arguments: [["MAX_AGE_SECONDS": "1h"], ["MAX_AGE_SECONDS": "-5"], ["MAX_AGE_SECONDS": ""], ["DRY_RUN": "maybe"],
                      ["ALLOW_EMPTY_PREFIX": "2"]])
    func badEnvironmentValuesAreRefused(environment: [String: String]) {
        #expect(throws: PurgeError.invalidSetting) { try PurgeDefaults(environment: environment) }
    }

    @Test func negativeMaxAgeInTheEventIsRefused() throws {
        let defaults = try PurgeDefaults(environment: ["BUCKET": "b"])
        #expect(throws: PurgeError.invalidSetting) { try PurgeSettings(request: PurgeRequest(maxAgeSeconds: -1), defaults: defaults) }
    }

    @Test func ageComesFromTheKeyElseLastModified() {
        let lastModified = Date(timeIntervalSince1970: 1_000_000_000)
        func created(_ key: String, prefix: String = "tmp/") -> Date {
            BucketPurger.createdAt(S3Object(key: key, lastModified: lastModified, size: 1), prefix: prefix)
        }
        let stamped = UTCTime(year: 2024, month: 2, day: 29, hour: 23, minute: 59, second: 58)!.date
        #expect(created("tmp/20240229235958-abc.jpg") == stamped)
        #expect(created("tmp/20240229235958") == stamped)
        #expect(created("cache/x/20240229235958.png", prefix: "cache/x/") == stamped)
        for key in ["tmp/2024022923595-x", "tmp/202402292359589-x", "tmp/20230229000000-x", "tmp/20241301000000-x",
                    "tmp/x20240229235958", "tmp/", "tmp/photo.jpg", "tmp/2024-02-29T23:59:58"] {
            #expect(created(key) == lastModified, "\(key)")
        }
    }
}

extension PurgeDefaults {
    /// The settings of an event with no overrides.
    func settings() throws -> PurgeSettings {
        try PurgeSettings(request: PurgeRequest(), defaults: self)
    }
}
