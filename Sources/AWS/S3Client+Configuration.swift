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
            guard !region.isEmpty, region.utf8.allSatisfy({ $0 > 0x20 && $0 != UInt8(ascii: "/") && $0 < 0x7F }) else {
                throw AWSClientError.missingRegion.with(message: "region '\(region)' is empty or not a region name")
            }
            self.region = region
            self.endpoint = try endpoint.map { (endpoint) throws(AWSClientError) in try Self.validated(endpoint: endpoint) }
            self.addressingStyle = addressingStyle ?? (endpoint == nil ? .virtualHosted : .path)
            self.retry = retry
        }

        /// Reads the configuration AWS SDKs read: the region from `AWS_REGION` (Lambda sets it) or
        /// `AWS_DEFAULT_REGION`, a custom endpoint from `AWS_ENDPOINT_URL_S3` or `AWS_ENDPOINT_URL`.
        /// - Parameter environment: The variables, usually `ProcessInfo.processInfo.environment`.
        /// - Throws: ``AWSClientError/missingRegion`` or ``AWSClientError/invalidEndpoint``.
        public init(environment: [String: String]) throws(AWSClientError) {
            let nonEmpty = { (name: String) in environment[name].flatMap { $0.isEmpty ? nil : $0 } }
            guard let region = nonEmpty("AWS_REGION") ?? nonEmpty("AWS_DEFAULT_REGION") else {
                throw AWSClientError.missingRegion.with(message: "set AWS_REGION or AWS_DEFAULT_REGION")
            }
            try self.init(region: region, endpoint: nonEmpty("AWS_ENDPOINT_URL_S3") ?? nonEmpty("AWS_ENDPOINT_URL"))
        }

        private static func validated(endpoint: String) throws(AWSClientError) -> String {
            var trimmed = Substring(endpoint)
            while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
            let lowered = trimmed.lowercased()
            let schemeLength = lowered.hasPrefix("https://") ? 8 : lowered.hasPrefix("http://") ? 7 : 0
            let authority = trimmed.dropFirst(schemeLength)
            guard schemeLength > 0, !authority.isEmpty,
                  !authority.contains(where: { "/?#@ ".contains($0) || $0.isNewline })
            else {
                throw AWSClientError.invalidEndpoint.with(message: "'\(endpoint)' is not http(s)://host[:port]")
            }
            return String(trimmed)
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
