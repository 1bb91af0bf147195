import FoundationEssentials
import HTTPClient

/// A small S3 client: ListObjectsV2, DeleteObjects, PutObject and GetObject, signed with
/// ``SigV4Signer`` and sent over libcurl through `HTTPClient`.
///
/// ```swift
/// let s3 = try S3Client(environment: ProcessInfo.processInfo.environment)
/// let page = try await s3.listObjectsV2(bucket: "my-bucket", prefix: "tmp/")
/// ```
///
/// Failed requests are retried by the ``RetryPolicy``. Errors are ``S3Error`` (what S3 answered),
/// ``AWSClientError`` (configuration, arguments, unreadable responses) or `HTTPClientError` (transport,
/// after the retries). Safe to share between tasks.
public struct S3Client: Sendable {
    /// Region, endpoint, addressing style and retries.
    public let configuration: Configuration
    private let signer: SigV4Signer
    private let http: HTTPClient

    /// Creates a client.
    /// - Parameters:
    ///   - credentials: The credentials that sign requests.
    ///   - configuration: Region, endpoint, addressing style and retries.
    ///   - httpClient: The transport; a new one with no redirects and no size cap by default.
    public init(credentials: AWSCredentials, configuration: Configuration, httpClient: HTTPClient = HTTPClient()) {
        self.configuration = configuration
        self.signer = SigV4Signer(credentials: credentials, region: configuration.region, service: "s3", rules: .s3)
        self.http = httpClient
    }

    /// Creates a client from the environment a Lambda function runs in (or an AWS CLI user's shell):
    /// credentials as ``AWSCredentials/init(environment:)``, region and endpoint as
    /// ``Configuration/init(environment:)``.
    /// - Parameter environment: The variables, usually `ProcessInfo.processInfo.environment`.
    /// - Throws: ``AWSClientError`` when credentials or region are missing or the endpoint is invalid.
    public init(environment: [String: String]) throws(AWSClientError) {
        self.init(
            credentials: try AWSCredentials(environment: environment),
            configuration: try Configuration(environment: environment))
    }

    // MARK: - Requests

    /// One S3 request before signing: the parts each operation decides.
    struct Operation {
        var method: HTTPMethod
        var bucket: String
        var key: String?
        /// Name and value pairs, not yet encoded; a `nil` value sends the bare name (`?delete`).
        var query: [(String, String?)] = []
        var headers: HTTPHeaders = [:]
        var body: [UInt8] = []
    }

    /// Sends an operation, retrying transient failures, and returns the 2xx response.
    func send(_ operation: Operation) async throws -> HTTPResponse {
        try await configuration.retry.send(
            try unsignedRequest(operation), signedBy: { signer.sign(&$0) }, over: http,
            error: Self.error(from:), isTransient: \.isTransient)
    }

    /// The request for an operation, before signing.
    func unsignedRequest(_ operation: Operation) throws(AWSClientError) -> HTTPRequest {
        HTTPRequest(
            method: operation.method,
            url: try url(bucket: operation.bucket, key: operation.key, query: operation.query),
            headers: operation.headers,
            body: operation.body)
    }

    /// Signs a request as ``send(_:)`` does, at the given time.
    func sign(_ request: inout HTTPRequest, date: Date) {
        signer.sign(&request, date: date)
    }

    /// The request URL: the key encoded once (`/` kept), the query encoded strictly.
    func url(bucket: String, key: String?, query: [(String, String?)]) throws(AWSClientError) -> String {
        try Self.validate(bucket: bucket)
        if let key {
            guard !key.isEmpty, key.utf8.count <= 1024 else {
                throw AWSClientError.invalidKey.with(message: "keys are 1 to 1,024 bytes of UTF-8, got \(key.utf8.count)")
            }
        }
        let encodedKey = key.map { "/" + URIEncoding.encode($0, keepingSlash: true) } ?? "/"
        var url: String
        let usesPathStyle = configuration.addressingStyle == .path || !Self.isHostLabel(bucket)
        switch (configuration.endpoint, usesPathStyle) {
        case (let endpoint?, true):
            url = "\(endpoint)/\(bucket)\(key == nil ? "" : encodedKey)"
        case (let endpoint?, false):
            let schemeEnd = endpoint.firstRange(of: "://")!.upperBound
            url = "\(endpoint[..<schemeEnd])\(bucket).\(endpoint[schemeEnd...])\(encodedKey)"
        case (nil, true):
            url = "https://s3.\(configuration.region).\(awsDomain)/\(bucket)\(key == nil ? "" : encodedKey)"
        case (nil, false):
            url = "https://\(bucket).s3.\(configuration.region).\(awsDomain)\(encodedKey)"
        }
        if !query.isEmpty {
            url += "?" + query.map { name, value in
                value.map { "\(URIEncoding.encode(name))=\(URIEncoding.encode($0))" } ?? URIEncoding.encode(name)
            }.joined(separator: "&")
        }
        return url
    }

    /// The partition's domain: China's regions have their own.
    private var awsDomain: String {
        configuration.region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
    }

    /// Checks a bucket name as every request does, without sending one (for settings read at start-up).
    /// - Parameter bucket: The name.
    /// - Throws: ``AWSClientError/invalidBucketName`` when it is empty, too long or holds other characters
    ///   than letters, digits, `.`, `-` and `_`.
    public static func validateBucketName(_ bucket: String) throws(AWSClientError) {
        try validate(bucket: bucket)
    }

    private static func validate(bucket: String) throws(AWSClientError) {
        let allowed = bucket.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
        guard (1...255).contains(bucket.utf8.count), allowed else {
            throw AWSClientError.invalidBucketName.with(message: "'\(bucket)'")
        }
    }

    /// Whether the bucket can be a DNS label under a wildcard TLS certificate.
    private static func isHostLabel(_ bucket: String) -> Bool {
        (3...63).contains(bucket.utf8.count)
            && bucket.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
            }
            && !bucket.hasPrefix("-") && !bucket.hasSuffix("-")
    }

    /// The ``S3Error`` in a non-2xx response.
    static func error(from response: HTTPResponse) -> S3Error {
        let requestID = response.headers["x-amz-request-id"]
        let hostID = response.headers["x-amz-id-2"]
        if let root = try? XMLReader.parse(response.body), root.name == "Error", let code = root.child("Code")?.text {
            return S3Error(
                status: response.status,
                code: code,
                message: root.child("Message")?.text ?? "",
                requestID: root.child("RequestId")?.text ?? requestID,
                hostID: root.child("HostId")?.text ?? hostID)
        }
        let snippet = String(decoding: response.body.prefix(200), as: UTF8.self)
        return S3Error(status: response.status, code: "HTTP\(response.status)", message: snippet,
                       requestID: requestID, hostID: hostID)
    }

    /// Parses a 2xx XML body whose root must be `rootName`.
    static func document(_ response: HTTPResponse, root rootName: String) throws(AWSClientError) -> XMLReader.Element {
        let root = try XMLReader.parse(response.body)
        guard root.name == rootName else {
            throw AWSClientError.malformedResponse.with(message: "expected <\(rootName)>, got <\(root.name)>")
        }
        return root
    }
}
