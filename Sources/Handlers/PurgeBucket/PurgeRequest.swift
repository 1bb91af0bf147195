/// The event `purgeBucketByPrefix` accepts: optional overrides of the function's settings.
///
/// Every field is optional, so a Scheduled Event (whose fields are none of these), `{}` and `null` all
/// mean "purge with the configured settings".
///
/// ```json
/// {"bucket": "my-bucket", "prefix": "tmp/", "maxAgeSeconds": 3600, "dryRun": true}
/// ```
public struct PurgeRequest: Decodable, Sendable, Equatable {
    /// The bucket, instead of `BUCKET`.
    public var bucket: String?
    /// The prefix, instead of `PREFIX`.
    public var prefix: String?
    /// The age in seconds past which objects go, instead of `MAX_AGE_SECONDS`.
    public var maxAgeSeconds: Int?
    /// List and count only; delete nothing.
    public var dryRun: Bool?
    /// Allow an empty prefix (the whole bucket).
    public var allowEmptyPrefix: Bool?

    /// Creates a request.
    /// - Parameters:
    ///   - bucket: The bucket.
    ///   - prefix: The prefix.
    ///   - maxAgeSeconds: The age limit in seconds.
    ///   - dryRun: Count only.
    ///   - allowEmptyPrefix: Allow purging the whole bucket.
    public init(
        bucket: String? = nil, prefix: String? = nil, maxAgeSeconds: Int? = nil, dryRun: Bool? = nil,
        allowEmptyPrefix: Bool? = nil
    ) {
        self.bucket = bucket
        self.prefix = prefix
        self.maxAgeSeconds = maxAgeSeconds
        self.dryRun = dryRun
        self.allowEmptyPrefix = allowEmptyPrefix
    }

    private enum CodingKeys: String, CodingKey {
        case bucket, prefix, maxAgeSeconds, dryRun, allowEmptyPrefix
    }

    /// Decodes the overrides; `null` is an empty request, and a field of the wrong type is an error.
    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), single.decodeNil() {
            self.init()
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            bucket: try container.decodeIfPresent(String.self, forKey: .bucket),
            prefix: try container.decodeIfPresent(String.self, forKey: .prefix),
            maxAgeSeconds: try container.decodeIfPresent(Int.self, forKey: .maxAgeSeconds),
            dryRun: try container.decodeIfPresent(Bool.self, forKey: .dryRun),
            allowEmptyPrefix: try container.decodeIfPresent(Bool.self, forKey: .allowEmptyPrefix))
    }
}
