import AWS
import FoundationEssentials
import LambdaRuntime

/// The book's `purgeBucketByPrefix`, done better: one DeleteObjects request per 1,000 keys instead
/// of one request per object, ages from the key names, a dry run, and failures reported.
///
/// Configured by the environment (`BUCKET`, `PREFIX`, `MAX_AGE_SECONDS`, `DRY_RUN`,
/// `ALLOW_EMPTY_PREFIX`, `ALLOW_EVENT_OVERRIDES`; see ``PurgeSettings``); an event may narrow them, and
/// widen them only when `ALLOW_EVENT_OVERRIDES` is set. Runs from an hourly schedule, so it accepts a
/// Scheduled Event (and ignores its fields). Stops listing and deleting a margin before the
/// invocation's deadline (``PurgeDeadline/margin(remaining:)``) and returns a partial result.
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

    /// Purges with the configured settings as the event narrows them, stopping before the deadline.
    /// - Throws: ``PurgeError`` for missing or unsafe settings; S3 and transport errors.
    public func handle(_ event: PurgeRequest, context: LambdaContext) async throws -> PurgeResult {
        let settings = try PurgeSettings(request: event, defaults: defaults)
        let ignored = PurgeSettings.ignoredFields(of: event, defaults: defaults)
        if !ignored.isEmpty {
            context.logger.warning(
                "ignored the event's \(ignored.joined(separator: ", ")): set ALLOW_EVENT_OVERRIDES to let events widen the purge")
        }
        let remaining = context.remainingTime
        let deadline = PurgeDeadline(budget: remaining - PurgeDeadline.margin(remaining: remaining))
        return try await purger.purge(settings, deadline: deadline, logger: context.logger)
    }
}
