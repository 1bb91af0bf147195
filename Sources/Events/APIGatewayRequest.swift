/// An API Gateway REST API (payload 1.0) proxy event, as Lambda receives it through an `AWS_PROXY` integration.
///
/// Absent collections are `null` on the wire, never `{}`; encoding keeps that so the local emulator produces
/// events shaped like API Gateway's.
public struct APIGatewayRequest: Codable, Sendable, Equatable {
    /// The resource template, e.g. `/user/{username}/greet`.
    public var resource: String
    /// The actual request path, e.g. `/user/John/greet`.
    public var path: String
    /// The HTTP method, e.g. `GET`.
    public var httpMethod: String
    /// Request headers; the last value wins for repeated headers.
    public var headers: [String: String]?
    /// Request headers with every value of repeated headers.
    public var multiValueHeaders: [String: [String]]?
    /// Query string parameters; the last value wins for repeated names.
    public var queryStringParameters: [String: String]?
    /// Query string parameters with every value of repeated names.
    public var multiValueQueryStringParameters: [String: [String]]?
    /// Values of the path parameters of `resource`.
    public var pathParameters: [String: String]?
    /// Stage variables of the deployment stage.
    public var stageVariables: [String: String]?
    /// Request context: stage, request id, caller identity.
    public var requestContext: Context
    /// The body, base64-encoded when `isBase64Encoded` is true.
    public var body: String?
    /// Whether `body` is base64-encoded binary data.
    public var isBase64Encoded: Bool

    /// Creates a proxy event.
    public init(
        resource: String, path: String, httpMethod: String,
        headers: [String: String]? = nil, multiValueHeaders: [String: [String]]? = nil,
        queryStringParameters: [String: String]? = nil, multiValueQueryStringParameters: [String: [String]]? = nil,
        pathParameters: [String: String]? = nil, stageVariables: [String: String]? = nil,
        requestContext: Context, body: String? = nil, isBase64Encoded: Bool = false
    ) {
        self.resource = resource
        self.path = path
        self.httpMethod = httpMethod
        self.headers = headers
        self.multiValueHeaders = multiValueHeaders
        self.queryStringParameters = queryStringParameters
        self.multiValueQueryStringParameters = multiValueQueryStringParameters
        self.pathParameters = pathParameters
        self.stageVariables = stageVariables
        self.requestContext = requestContext
        self.body = body
        self.isBase64Encoded = isBase64Encoded
    }

    /// The `requestContext` of a REST proxy event.
    public struct Context: Codable, Sendable, Equatable {
        /// The AWS account id of the API owner.
        public var accountId: String?
        /// The API id.
        public var apiId: String?
        /// The resource id.
        public var resourceId: String?
        /// The deployment stage, e.g. `prod`.
        public var stage: String?
        /// API Gateway's id for this request.
        public var requestId: String?
        /// The resource template, as `resource`.
        public var resourcePath: String?
        /// The HTTP method, as `httpMethod`.
        public var httpMethod: String?
        /// The path including the stage, e.g. `/prod/my-ip`.
        public var path: String?
        /// The protocol, e.g. `HTTP/1.1`.
        public var `protocol`: String?
        /// The request time in CLF format, e.g. `15/May/2020:06:01:09 +0000`.
        public var requestTime: String?
        /// The request time in milliseconds since the epoch.
        public var requestTimeEpoch: Int64?
        /// The host name the caller used.
        public var domainName: String?
        /// The caller's identity; `sourceIp` is the caller's address.
        public var identity: Identity

        /// Creates a request context.
        public init(
            accountId: String? = nil, apiId: String? = nil, resourceId: String? = nil, stage: String? = nil,
            requestId: String? = nil, resourcePath: String? = nil, httpMethod: String? = nil, path: String? = nil,
            protocol: String? = nil, requestTime: String? = nil, requestTimeEpoch: Int64? = nil,
            domainName: String? = nil, identity: Identity
        ) {
            self.accountId = accountId
            self.apiId = apiId
            self.resourceId = resourceId
            self.stage = stage
            self.requestId = requestId
            self.resourcePath = resourcePath
            self.httpMethod = httpMethod
            self.path = path
            self.protocol = `protocol`
            self.requestTime = requestTime
            self.requestTimeEpoch = requestTimeEpoch
            self.domainName = domainName
            self.identity = identity
        }
    }

    /// The caller identity of a REST proxy event.
    public struct Identity: Codable, Sendable, Equatable {
        /// The caller's IP address.
        public var sourceIp: String?
        /// The caller's `User-Agent`.
        public var userAgent: String?

        /// Creates an identity.
        public init(sourceIp: String?, userAgent: String? = nil) {
            self.sourceIp = sourceIp
            self.userAgent = userAgent
        }
    }

    private enum CodingKeys: String, CodingKey {
        case resource, path, httpMethod, headers, multiValueHeaders, queryStringParameters
        case multiValueQueryStringParameters, pathParameters, stageVariables, requestContext, body, isBase64Encoded
    }

    /// Encodes absent collections and body as `null`, as API Gateway sends them.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(resource, forKey: .resource)
        try container.encode(path, forKey: .path)
        try container.encode(httpMethod, forKey: .httpMethod)
        try container.encode(headers, forKey: .headers)
        try container.encode(multiValueHeaders, forKey: .multiValueHeaders)
        try container.encode(queryStringParameters, forKey: .queryStringParameters)
        try container.encode(multiValueQueryStringParameters, forKey: .multiValueQueryStringParameters)
        try container.encode(pathParameters, forKey: .pathParameters)
        try container.encode(stageVariables, forKey: .stageVariables)
        try container.encode(requestContext, forKey: .requestContext)
        try container.encode(body, forKey: .body)
        try container.encode(isBase64Encoded, forKey: .isBase64Encoded)
    }

    /// Decodes an event; `isBase64Encoded` defaults to false when absent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        resource = try container.decode(String.self, forKey: .resource)
        path = try container.decode(String.self, forKey: .path)
        httpMethod = try container.decode(String.self, forKey: .httpMethod)
        headers = try container.decodeIfPresent([String: String].self, forKey: .headers)
        multiValueHeaders = try container.decodeIfPresent([String: [String]].self, forKey: .multiValueHeaders)
        queryStringParameters = try container.decodeIfPresent([String: String].self, forKey: .queryStringParameters)
        multiValueQueryStringParameters = try container.decodeIfPresent(
            [String: [String]].self, forKey: .multiValueQueryStringParameters)
        pathParameters = try container.decodeIfPresent([String: String].self, forKey: .pathParameters)
        stageVariables = try container.decodeIfPresent([String: String].self, forKey: .stageVariables)
        requestContext = try container.decode(Context.self, forKey: .requestContext)
        body = try container.decodeIfPresent(String.self, forKey: .body)
        isBase64Encoded = try container.decodeIfPresent(Bool.self, forKey: .isBase64Encoded) ?? false
    }
}
