extension S3Client {
    /// Where and how an ``S3Client`` sends requests.
    public struct Configuration: Sendable, Equatable {
        /// The region requests are signed for and, on AWS, sent to.
        public var region: String
        /// A custom endpoint such as `http://127.0.0.1:5000` (moto, MinIO, LocalStack); `nil` for AWS.
        public var endpoint: String?
        /// How the bucket appears in URLs.
        public var addressingStyle: AddressingStyle
        /// When failed requests are retried.
        public var retry: RetryPolicy

        /// Creates a configuration.
        /// - Parameters:
        ///   - region: The region, for example `eu-west-1`.
        ///   - endpoint: A custom endpoint (`http(s)://host[:port]`), or `nil` for AWS.
        ///   - addressingStyle: Path style with a custom endpoint and virtual-hosted style on AWS, unless given.
        ///   - retry: The retry policy.
        /// - Throws: ``AWSClientError/invalidEndpoint`` if the endpoint is not `http(s)://host[:port]`,
        ///   ``AWSClientError/missingRegion`` if the region is empty.
        public init(
            region: String,
            endpoint: String? = nil,
            addressingStyle: AddressingStyle? = nil,
            retry: RetryPolicy = RetryPolicy()
        ) throws(AWSClientError) {
            self.region = try EndpointURL.validated(region: region)
            self.endpoint = try endpoint.map { (endpoint) throws(AWSClientError) in try EndpointURL.validated(endpoint) }
            self.addressingStyle = addressingStyle ?? (endpoint == nil ? .virtualHosted : .path)
            self.retry = retry
        }

        /// Reads the configuration AWS SDKs read: the region from `AWS_REGION` (Lambda sets it) or
        /// `AWS_DEFAULT_REGION`, a custom endpoint from `AWS_ENDPOINT_URL_S3` or `AWS_ENDPOINT_URL`.
        /// - Parameter environment: The variables, usually `ProcessInfo.processInfo.environment`.
        /// - Throws: ``AWSClientError/missingRegion`` or ``AWSClientError/invalidEndpoint``.
        public init(environment: [String: String]) throws(AWSClientError) {
            try self.init(
                region: try EndpointURL.region(in: environment),
                endpoint: EndpointURL.configured(in: environment, serviceVariable: "AWS_ENDPOINT_URL_S3"))
        }
    }

    /// How the bucket appears in request URLs.
    public enum AddressingStyle: Sendable, Equatable {
        /// `https://bucket.s3.region.amazonaws.com/key`: what AWS recommends. Buckets whose names
        /// are not valid host labels (dots, upper case, underscores) fall back to path style.
        case virtualHosted
        /// `https://endpoint/bucket/key`: what custom endpoints such as moto expect.
        case path
    }
}
