/// What one purge does: resolved from the function's environment, then the event's fields, which
/// may only narrow the purge unless `ALLOW_EVENT_OVERRIDES` is set.
///
/// | event field        | environment variable  | default   |
/// |--------------------|-----------------------|-----------|
/// | `bucket`           | `BUCKET`              | required  |
/// | `prefix`           | `PREFIX`              | `tmp/`    |
/// | `maxAgeSeconds`    | `MAX_AGE_SECONDS`     | `3600`    |
/// | `dryRun`           | `DRY_RUN`             | `false`   |
/// | `allowEmptyPrefix` | `ALLOW_EMPTY_PREFIX`  | `false`   |
public struct PurgeSettings: Sendable, Equatable {
    /// The bucket.
    public var bucket: String
    /// Only keys that start with this are considered; never empty unless ``allowEmptyPrefix``.
    public var prefix: String
    /// Objects older than this many seconds are deleted.
    public var maxAgeSeconds: Int
    /// Count only; delete nothing.
    public var dryRun: Bool
    /// Whether an empty prefix (the whole bucket) is allowed.
    public var allowEmptyPrefix: Bool

    /// The default prefix, where faceDetection writes its output.
    public static let defaultPrefix = "tmp/"
    /// The default age limit: one hour.
    public static let defaultMaxAgeSeconds = 3600

    /// Creates settings, checking that they are safe to run.
    /// - Parameters:
    ///   - bucket: The bucket.
    ///   - prefix: The prefix, `tmp/` by default.
    ///   - maxAgeSeconds: The age limit, 3600 by default; 0 or more.
    ///   - dryRun: Count only.
    ///   - allowEmptyPrefix: Allow an empty prefix.
    /// - Throws: ``PurgeError/missingBucket``, ``PurgeError/emptyPrefix`` or ``PurgeError/invalidSetting``.
    public init(
        bucket: String, prefix: String = defaultPrefix, maxAgeSeconds: Int = defaultMaxAgeSeconds,
        dryRun: Bool = false, allowEmptyPrefix: Bool = false
    ) throws(PurgeError) {
        guard !bucket.isEmpty else { throw PurgeError.missingBucket }
        guard !prefix.isEmpty || allowEmptyPrefix else { throw PurgeError.emptyPrefix }
        guard maxAgeSeconds >= 0 else {
            throw PurgeError.invalidSetting.with(message: "maxAgeSeconds must be 0 or more, got \(maxAgeSeconds)")
        }
        self.bucket = bucket
        self.prefix = prefix
        self.maxAgeSeconds = maxAgeSeconds
        self.dryRun = dryRun
        self.allowEmptyPrefix = allowEmptyPrefix
    }

    /// Resolves settings from the configuration and the event.
    ///
    /// With `ALLOW_EVENT_OVERRIDES` set, each event field wins over its environment variable. Without it
    /// (the default), an event may only narrow what the function does, never widen it: `bucket` and
    /// `allowEmptyPrefix` are ignored (see ``ignoredFields(of:defaults:)``), `prefix` must lie under the
    /// configured prefix, `maxAgeSeconds` must be at least the configured age, and `dryRun` can only turn a
    /// dry run on.
    /// - Parameters:
    ///   - request: The event's fields.
    ///   - defaults: The function's configuration (see ``PurgeDefaults``).
    /// - Throws: ``PurgeError`` when the result is missing a bucket or unsafe, or the event would widen the
    ///   purge without `ALLOW_EVENT_OVERRIDES`.
    public init(request: PurgeRequest, defaults: PurgeDefaults) throws(PurgeError) {
        guard !defaults.allowEventOverrides else {
            try self.init(
                bucket: request.bucket ?? defaults.bucket ?? "",
                prefix: request.prefix ?? defaults.prefix,
                maxAgeSeconds: request.maxAgeSeconds ?? defaults.maxAgeSeconds,
                dryRun: request.dryRun ?? defaults.dryRun,
                allowEmptyPrefix: request.allowEmptyPrefix ?? defaults.allowEmptyPrefix)
            return
        }
        if let prefix = request.prefix, !prefix.utf8.starts(with: defaults.prefix.utf8) {
            throw PurgeError.invalidSetting.with(
                message: "the event's prefix '\(prefix)' is not under the configured PREFIX '\(defaults.prefix)' (set ALLOW_EVENT_OVERRIDES to allow)")
        }
        if let age = request.maxAgeSeconds, age >= 0, age < defaults.maxAgeSeconds {
            throw PurgeError.invalidSetting.with(
                message: "the event's maxAgeSeconds \(age) is below the configured MAX_AGE_SECONDS \(defaults.maxAgeSeconds) (set ALLOW_EVENT_OVERRIDES to allow)")
        }
        try self.init(
            bucket: defaults.bucket ?? "",
            prefix: request.prefix ?? defaults.prefix,
            maxAgeSeconds: request.maxAgeSeconds ?? defaults.maxAgeSeconds,
            dryRun: defaults.dryRun || request.dryRun == true,
            allowEmptyPrefix: defaults.allowEmptyPrefix)
    }

    /// The event fields ``init(request:defaults:)`` ignores because they would widen the purge and the
    /// environment does not allow overrides; the handler logs them.
    /// - Parameters:
    ///   - request: The event's fields.
    ///   - defaults: The function's configuration.
    /// - Returns: Field names, empty when overrides are allowed or none was ignored.
    public static func ignoredFields(of request: PurgeRequest, defaults: PurgeDefaults) -> [String] {
        guard !defaults.allowEventOverrides else { return [] }
        var ignored: [String] = []
        if let bucket = request.bucket, bucket != defaults.bucket { ignored.append("bucket") }
        if let allow = request.allowEmptyPrefix, allow != defaults.allowEmptyPrefix { ignored.append("allowEmptyPrefix") }
        if request.dryRun == false, defaults.dryRun { ignored.append("dryRun") }
        return ignored
    }
}

/// The function's configured settings, read once from its environment at init.
public struct PurgeDefaults: Sendable, Equatable {
    /// `BUCKET`, if set.
    public var bucket: String?
    /// `PREFIX`, `tmp/` if unset. Set but empty means the whole bucket (and needs `ALLOW_EMPTY_PREFIX`).
    public var prefix: String
    /// `MAX_AGE_SECONDS`, 3600 if unset.
    public var maxAgeSeconds: Int
    /// `DRY_RUN`, false if unset.
    public var dryRun: Bool
    /// `ALLOW_EMPTY_PREFIX`, false if unset.
    public var allowEmptyPrefix: Bool
    /// `ALLOW_EVENT_OVERRIDES`, false if unset: whether an event may name another bucket, allow an empty
    /// prefix, or widen the prefix, age or dry run (see ``PurgeSettings/init(request:defaults:)``).
    public var allowEventOverrides: Bool

    /// Reads the variables.
    /// - Parameter environment: The function's environment.
    /// - Throws: ``PurgeError/invalidSetting`` for a number or boolean that does not parse.
    public init(environment: [String: String]) throws(PurgeError) {
        bucket = environment["BUCKET"].flatMap { $0.isEmpty ? nil : $0 }
        prefix = environment["PREFIX"] ?? PurgeSettings.defaultPrefix
        if let text = environment["MAX_AGE_SECONDS"] {
            guard let value = Int(text), value >= 0 else {
                throw PurgeError.invalidSetting.with(message: "MAX_AGE_SECONDS must be a whole number of seconds, got '\(text)'")
            }
            maxAgeSeconds = value
        } else {
            maxAgeSeconds = PurgeSettings.defaultMaxAgeSeconds
        }
        dryRun = try Self.flag("DRY_RUN", environment)
        allowEmptyPrefix = try Self.flag("ALLOW_EMPTY_PREFIX", environment)
        allowEventOverrides = try Self.flag("ALLOW_EVENT_OVERRIDES", environment)
    }

    private static func flag(_ name: String, _ environment: [String: String]) throws(PurgeError) -> Bool {
        switch environment[name]?.lowercased() {
        case nil, "", "false", "0", "no": return false
        case "true", "1", "yes": return true
        case let other?: throw PurgeError.invalidSetting.with(message: "\(name) must be true or false, got '\(other)'")
        }
    }
}
