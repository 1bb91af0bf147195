import HTTPClient

extension S3Client {
    /// Whether a bucket exists and these credentials may use it (HeadBucket).
    /// - Parameter bucket: The bucket.
    /// - Returns: `true` for 200, `false` when S3 answers 404.
    /// - Throws: ``S3Error`` for other answers (403 when the bucket belongs to someone else or access is
    ///   denied), ``AWSClientError``, or `HTTPClientError`.
    public func bucketExists(_ bucket: String) async throws -> Bool {
        do {
            _ = try await send(Operation(method: .head, bucket: bucket))
            return true
        } catch let error as S3Error where error.status == 404 {
            return false
        }
    }

    /// Creates a bucket in the client's region (CreateBucket).
    ///
    /// Outside `us-east-1` the request names the region as its `LocationConstraint`, as S3 requires.
    /// - Parameter bucket: The bucket.
    /// - Throws: ``S3Error`` (`BucketAlreadyOwnedByYou`, `BucketAlreadyExists`, `InvalidBucketName`, …),
    ///   ``AWSClientError``, or `HTTPClientError`.
    public func createBucket(_ bucket: String) async throws {
        _ = try await send(Self.createBucketOperation(bucket: bucket, region: configuration.region))
    }

    static func createBucketOperation(bucket: String, region: String) -> Operation {
        guard region != "us-east-1" else { return Operation(method: .put, bucket: bucket) }
        let body = """
            <CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\
            <LocationConstraint>\(escaped(region))</LocationConstraint></CreateBucketConfiguration>
            """
        return Operation(method: .put, bucket: bucket, headers: ["Content-Type": "application/xml"], body: Array(body.utf8))
    }

    private static func escaped(_ text: String) -> String {
        text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
    }
}
