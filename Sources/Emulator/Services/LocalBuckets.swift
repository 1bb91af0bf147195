import AWS
import Foundation
import StackTemplate

/// The template's buckets in a local S3 (moto_server, MinIO, any S3-compatible endpoint): created when missing,
/// so that functions find the buckets the template would have made.
///
/// Only ever pointed at an endpoint the user configured; it never creates buckets in AWS.
public struct LocalBuckets: Sendable {
    /// What ``ensureExist(_:)`` found or did for one bucket.
    public struct Outcome: Sendable, Equatable {
        /// The bucket.
        public var bucket: BucketDefinition
        /// Whether it was created now (false: it was there already).
        public var created: Bool
    }

    /// The S3 endpoint, e.g. `http://127.0.0.1:5000`.
    public let endpoint: String
    private let s3: S3Client

    /// Creates the client for an endpoint.
    /// - Parameters:
    ///   - endpoint: The endpoint, `http(s)://host[:port]`.
    ///   - region: The region buckets are created in (the emulator's).
    ///   - credentials: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and optionally `AWS_SESSION_TOKEN`, as the
    ///     functions get them.
    /// - Throws: ``EmulatorError/invalidS3Endpoint(_:reason:)`` when the endpoint is not a URL S3 clients take.
    public init(endpoint: String, region: String, credentials: [String: String]) throws(EmulatorError) {
        do {
            // A few quick retries ride out a server that is still starting; an unreachable one fails in well under a second.
            let configuration = try S3Client.Configuration(
                region: region, endpoint: endpoint,
                retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(100), maxDelay: .milliseconds(200)))
            s3 = S3Client(credentials: try AWSCredentials(environment: credentials), configuration: configuration)
        } catch {
            throw EmulatorError.invalidS3Endpoint(endpoint, reason: error.description)
        }
        self.endpoint = endpoint
    }

    /// Creates each bucket that does not exist yet, in order.
    /// - Parameter buckets: The template's buckets.
    /// - Returns: One outcome per bucket.
    /// - Throws: ``EmulatorError/bucketSetupFailed(_:endpoint:reason:)`` for the first bucket that neither exists
    ///   nor can be created (endpoint unreachable, name taken, access denied).
    public func ensureExist(_ buckets: [BucketDefinition]) async throws(EmulatorError) -> [Outcome] {
        var outcomes: [Outcome] = []
        for bucket in buckets {
            do {
                if try await s3.bucketExists(bucket.name) {
                    outcomes.append(Outcome(bucket: bucket, created: false))
                    continue
                }
                try await s3.createBucket(bucket.name)
                outcomes.append(Outcome(bucket: bucket, created: true))
            } catch let error as S3Error where error.code == "BucketAlreadyOwnedByYou" {
                outcomes.append(Outcome(bucket: bucket, created: false))  // made by someone else in between
            } catch {
                throw EmulatorError.bucketSetupFailed(bucket.name, endpoint: endpoint, reason: "\(error)")
            }
        }
        return outcomes
    }
}
