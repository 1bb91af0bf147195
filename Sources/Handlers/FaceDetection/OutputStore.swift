import AWS
import FoundationEssentials
import Logging

/// Stores a marked image and its thumbnail in S3, both or neither.
///
/// Names are `<prefix>YYYYMMDDHHMMSS-<uuid>.jpg` (UTC), the same name under both prefixes; the time
/// stamp is what `purgeBucketByPrefix` ages objects by.
public struct OutputStore: Sendable {
    private let s3: S3Client
    /// Bucket, prefixes and URL base.
    public let settings: FaceDetectionSettings

    /// Where a stored pair went.
    public struct Stored: Sendable, Equatable {
        /// The marked image's key.
        public var imageKey: String
        /// The thumbnail's key.
        public var thumbnailKey: String
        /// The marked image's URL.
        public var imageURL: String
        /// The thumbnail's URL.
        public var thumbnailURL: String
    }

    /// Creates a store.
    /// - Parameters:
    ///   - s3: The S3 client.
    ///   - settings: Bucket, prefixes and output domain.
    public init(s3: S3Client, settings: FaceDetectionSettings) {
        self.s3 = s3
        self.settings = settings
    }

    /// The file name of an output: `YYYYMMDDHHMMSS-<uuid>.jpg`, UTC, lower-case UUID.
    /// - Parameters:
    ///   - date: The moment it is made.
    ///   - id: A unique id.
    /// - Returns: The name.
    public static func name(at date: Date, id: UUID = UUID()) -> String {
        let time = UTCTime(date)
        func digits(_ value: Int, _ count: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, count - text.count)) + text
        }
        let stamp = digits(time.year, 4) + digits(time.month, 2) + digits(time.day, 2) + digits(time.hour, 2)
            + digits(time.minute, 2) + digits(time.second, 2)
        return "\(stamp)-\(id.uuidString.lowercased()).jpg"
    }

    /// Uploads both JPEGs at once (`image/jpeg`). If either upload fails, every key that may have been
    /// stored is deleted before the error is thrown, so no half of a pair stays behind: the one that
    /// succeeded, and one whose PUT failed without a clear refusal (a timeout or a 5xx may still have
    /// stored it). A refused PUT (an S3 4xx, or a request never sent) stored nothing.
    /// - Parameters:
    ///   - rendered: The marked image and thumbnail.
    ///   - name: The file name, from ``name(at:id:)``.
    ///   - logger: Receives a line if the clean-up fails too.
    /// - Returns: The keys and URLs.
    /// - Throws: ``FaceDetectionHandlerError/uploadFailed`` with S3's reason, and whether the clean-up worked.
    public func store(_ rendered: FaceMarker.Rendered, name: String, logger: Logger) async throws(FaceDetectionHandlerError) -> Stored {
        let imageKey = settings.outputPrefix + name
        let thumbnailKey = settings.thumbnailPrefix + name
        async let imageOutcome = put(rendered.image, key: imageKey)
        async let thumbnailOutcome = put(rendered.thumbnail, key: thumbnailKey)
        let outcomes = [(imageKey, await imageOutcome), (thumbnailKey, await thumbnailOutcome)]
        let failures = outcomes.compactMap { $0.1.failure }
        guard !failures.isEmpty else {
            return Stored(imageKey: imageKey, thumbnailKey: thumbnailKey, imageURL: settings.url(forKey: imageKey),
                          thumbnailURL: settings.url(forKey: thumbnailKey))
        }

        let bucket = settings.bucket
        let failed = failures.joined(separator: "; ")
        let mayExist = outcomes.filter { $0.1.mayHaveStored }.map(\.0)
        guard !mayExist.isEmpty else {
            throw .uploadFailed.with(message: "\(failed); nothing was stored")
        }
        var leftBehind: String?
        do {
            let output = try await s3.deleteObjects(bucket: bucket, keys: mayExist)
            if !output.errors.isEmpty {
                leftBehind = output.errors.map { "\($0.key) (\($0.code): \($0.message))" }.joined(separator: ", ")
            }
        } catch {
            leftBehind = "\(mayExist.joined(separator: " and ")) (\(error))"
        }
        guard let leftBehind else {
            throw .uploadFailed.with(message: "\(failed); nothing was left in s3://\(bucket)")
        }
        logger.error("upload failed, and deleting what was stored failed too; left in s3://\(bucket): \(leftBehind)")
        throw .uploadFailed.with(message: "\(failed); could not delete what was stored: \(leftBehind)")
    }

    /// How one PutObject went.
    private enum PutOutcome {
        case stored
        /// S3 refused it (4xx) or it was never sent: nothing was stored.
        case refused(String)
        /// It failed in a way that may still have stored the object (transport error, timeout, 5xx).
        case unknown(String)

        var failure: String? {
            switch self {
            case .stored: nil
            case .refused(let reason), .unknown(let reason): reason
            }
        }

        var mayHaveStored: Bool {
            if case .refused = self { false } else { true }
        }
    }

    private func put(_ body: [UInt8], key: String) async -> PutOutcome {
        do {
            try await s3.putObject(bucket: settings.bucket, key: key, body: body, contentType: "image/jpeg")
            return .stored
        } catch {
            let reason = "PutObject s3://\(settings.bucket)/\(key): \(error)"
            switch error {
            case let error as S3Error where (400..<500).contains(error.status): return .refused(reason)
            case is AWSClientError: return .refused(reason)
            default: return .unknown(reason)
            }
        }
    }
}
