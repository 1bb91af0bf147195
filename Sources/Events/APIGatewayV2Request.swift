/// An API Gateway HTTP API (payload 2.0) or Lambda Function URL event.
///
/// Function URLs send the same shape with `$default` as route key and stage.
public struct APIGatewayV2Request: Codable, Sendable, Equatable {
    /// Always `2.0`.
    public var version: String
    /// The route, e.g. `GET /items/{id}` or `$default`.
    public var routeKey: String
    /// The request path.
    public var rawPath: String
    /// The query string without `?`.
    public var rawQueryString: String?
    /// Cookies of the request.
    public var cookies: [String]?
    /// Request headers (lower-cased names; repeated values comma-joined).
    public var headers: [String: String]?
    /// Query parameters; repeated values comma-joined.
    public var queryStringParameters: [String: String]?
    /// Values of the path parameters of the route.
    public var pathParameters: [String: String]?
    /// Stage variables.
    public var stageVariables: [String: String]?
    /// Request context: HTTP method, path, source IP.
    public var requestContext: Context
    /// The body, base64-encoded when `isBase64Encoded` is true.
    public var body: String?
    /// Whether `body` is base64-encoded binary data.
    public var isBase64Encoded: Bool?

    /// Creates an event.
    public init(
        version: String = "2.0", routeKey: String = "$default", rawPath: String, rawQueryString: String? = nil,
        cookies: [String]? = nil, headers: [String: String]? = nil, queryStringParameters: [String: String]? = nil,
        pathParameters: [String: String]? = nil, stageVariables: [String: String]? = nil,
        requestContext: Context, body: String? = nil, isBase64Encoded: Bool? = false
    ) {
        self.version = version
        self.routeKey = routeKey
        self.rawPath = rawPath
        self.rawQueryString = rawQueryString
        self.cookies = cookies
        self.headers = headers
        self.queryStringParameters = queryStringParameters
        self.pathParameters = pathParameters
        self.stageVariables = stageVariables
        self.requestContext = requestContext
        self.body = body
        self.isBase64Encoded = isBase64Encoded
    }

    /// The `requestContext` of a payload 2.0 event.
    public struct Context: Codable, Sendable, Equatable {
        /// The AWS account id.
        public var accountId: String?
        /// The API id (the URL id for Function URLs).
        public var apiId: String?
        /// The host name the caller used.
        public var domainName: String?
        /// The request id.
        public var requestId: String?
        /// The route key.
        public var routeKey: String?
        /// The stage.
        public var stage: String?
        /// The request time in milliseconds since the epoch.
        public var timeEpoch: Int64?
        /// Method, path, protocol, source IP and user agent.
        public var http: HTTP

        /// Creates a request context.
        public init(
            accountId: String? = nil, apiId: String? = nil, domainName: String? = nil, requestId: String? = nil,
            routeKey: String? = nil, stage: String? = nil, timeEpoch: Int64? = nil, http: HTTP
        ) {
            self.accountId = accountId
            self.apiId = apiId
            self.domainName = domainName
            self.requestId = requestId
            self.routeKey = routeKey
            self.stage = stage
            self.timeEpoch = timeEpoch
            self.http = http
        }
    }

    /// `requestContext.http` of a payload 2.0 event.
    public struct HTTP: Codable, Sendable, Equatable {
        /// The HTTP method.
        public var method: String
        /// The request path.
        public var path: String
        /// The protocol, e.g. `HTTP/1.1`.
        public var `protocol`: String?
        /// The caller's IP address.
        public var sourceIp: String?
        /// The caller's `User-Agent`.
        public var userAgent: String?

        /// Creates the HTTP part of a request context.
        public init(method: String, path: String, protocol: String? = nil, sourceIp: String?, userAgent: String? = nil) {
            self.method = method
            self.path = path
            self.protocol = `protocol`
            self.sourceIp = sourceIp
            self.userAgent = userAgent
        }
    }
}
