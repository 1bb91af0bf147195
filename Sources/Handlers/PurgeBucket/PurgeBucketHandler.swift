import AWS
import FoundationEssentials
import LambdaRuntime

/// The book's `purgeBucketByPrefix`, done better: one DeleteObjects request per 1,000 keys instead
/// of one request per object, ages from the key names, a dry run, and failures reported.
///
/// Configured by the environment (`BUCKET`, `PREFIX`, `MAX_AGE_SECONDS`, `DRY_RUN`,
/// `ALLOW_EMPTY_PREFIX`; see ``PurgeSettings``); each may be overridden by the event. Runs from an
/// hourly schedule, so it accepts a Scheduled Event (and ignores its fields).
public struct PurgeBucketHandler: LambdaHandler {
    private let purger: BucketPurger
    private let defaults: PurgeDefaults

    /// Creates the handler from the function's environment (S3 credentials, region, endpoint and
    /// the purge settings), once per execution environment.
    /// - Parameter environment: The environment, the process's by default.
    /// - Throws: `AWSClientError` when credentials or region are missing, ``PurgeError`` for a bad setting.
    public init(environment: [String: String] = ProcessEnvironment.all()) throws {
        purger = BucketPurger(s3: try S3Client(environment: environment))
        defaults = try PurgeDefaults(environment: environment)
    }

    /// Creates the handler from parts, for tests and embedding.
    /// - Parameters:
    ///   - purger: The purger.
    ///   - defaults: The configured settings.
    public init(purger: BucketPurger, defaults: PurgeDefaults) {
        self.purger = purger
        self.defaults = defaults
    }

    /// Purges with the configured settings, overridden by the event's fields.
    /// - Throws: ``PurgeError`` for missing or unsafe settings; S3 and transport errors.
    public func handle(_ event: PurgeRequest, context: LambdaContext) async throws -> PurgeResult {
        let settings = try PurgeSettings(request: event, defaults: defaults)
        return try await purger.purge(settings, logger: context.logger)
    }
}
