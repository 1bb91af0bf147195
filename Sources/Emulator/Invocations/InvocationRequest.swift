/// One invocation as the caller describes it.
public struct InvocationRequest: Sendable {
    /// The event bytes (JSON).
    public var payload: [UInt8]
    /// The qualifier the caller named (`$LATEST`), which goes into the invoked ARN.
    public var qualifier: String?
    /// Client context JSON (already base64-decoded), passed as `Lambda-Runtime-Client-Context`.
    public var clientContext: String?
    /// Cognito identity JSON, passed as `Lambda-Runtime-Cognito-Identity`.
    public var cognitoIdentity: String?
    /// An X-Ray trace header to pass on; one is made up when nil.
    public var traceID: String?
    /// The event's content type, passed on `GET next`.
    public var contentType: String

    /// Creates an invocation request.
    /// - Parameters:
    ///   - payload: The event bytes.
    ///   - qualifier: The qualifier the caller named.
    ///   - clientContext: Client context JSON.
    ///   - cognitoIdentity: Cognito identity JSON.
    ///   - traceID: An X-Ray trace header.
    ///   - contentType: The event's content type.
    public init(
        payload: [UInt8], qualifier: String? = nil, clientContext: String? = nil, cognitoIdentity: String? = nil,
        traceID: String? = nil, contentType: String = "application/json"
    ) {
        self.payload = payload
        self.qualifier = qualifier
        self.clientContext = clientContext
        self.cognitoIdentity = cognitoIdentity
        self.traceID = traceID
        self.contentType = contentType
    }
}
