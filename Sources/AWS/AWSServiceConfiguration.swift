/// Where a Secrets Manager or SSM client sends requests, and how it retries them.
public struct AWSServiceConfiguration: Sendable, Equatable {
    /// The region requests are signed for and, on AWS, sent to.
    public var region: String
    /// A custom endpoint such as `http://127.0.0.1:5000` (moto, LocalStack); `nil` for AWS.
    public var endpoint: String?
    /// When failed requests are retried.
    public var retry: RetryPolicy

    /// Creates a configuration.
    /// - Parameters:
    ///   - region: The region, for example `eu-west-1`.
    ///   - endpoint: A custom endpoint (`http(s)://host[:port]`), or `nil` for AWS.
    ///   - retry: The retry policy.
    /// - Throws: ``AWSClientError/invalidEndpoint`` if the endpoint is not `http(s)://host[:port]`,
    ///   ``AWSClientError/missingRegion`` if the region is empty.
    public init(region: String, endpoint: String? = nil, retry: RetryPolicy = RetryPolicy()) throws(AWSClientError) {
        self.region = try EndpointURL.validated(region: region)
        self.endpoint = try endpoint.map { (endpoint) throws(AWSClientError) in try EndpointURL.validated(endpoint) }
        self.retry = retry
    }

    /// Reads the configuration the AWS SDKs read: the region from `AWS_REGION` or `AWS_DEFAULT_REGION`, a custom
    /// endpoint from the service's variable (`AWS_ENDPOINT_URL_SECRETS_MANAGER`, `AWS_ENDPOINT_URL_SSM`) or
    /// `AWS_ENDPOINT_URL`, unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is `true`.
    /// - Parameters:
    ///   - environment: The variables, usually the process's.
    ///   - endpointVariable: The service's own endpoint variable.
    /// - Throws: ``AWSClientError/missingRegion`` or ``AWSClientError/invalidEndpoint``.
    public init(environment: [String: String], endpointVariable: String) throws(AWSClientError) {
        try self.init(
            region: try EndpointURL.region(in: environment),
            endpoint: EndpointURL.configured(in: environment, serviceVariable: endpointVariable))
    }
}
