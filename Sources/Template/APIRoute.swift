/// A REST API route with an `AWS_PROXY` Lambda integration: `GET /user/{username}/greet` → a function.
public struct APIRoute: Sendable, Equatable {
    /// The HTTP method as declared (`GET`, `POST`, …, or `ANY`).
    public var method: String
    /// The resource path built from the `AWS::ApiGateway::Resource` chain, e.g. `/user/{username}/greet`.
    public var path: String
    /// Logical id of the function the integration invokes.
    public var functionLogicalID: String
    /// Logical id of the `AWS::ApiGateway::RestApi`.
    public var restAPILogicalID: String?

    /// Creates a route.
    /// - Parameters:
    ///   - method: The HTTP method or `ANY`.
    ///   - path: The resource path.
    ///   - functionLogicalID: Logical id of the integrated function.
    ///   - restAPILogicalID: Logical id of the REST API.
    public init(method: String, path: String, functionLogicalID: String, restAPILogicalID: String? = nil) {
        self.method = method
        self.path = path
        self.functionLogicalID = functionLogicalID
        self.restAPILogicalID = restAPILogicalID
    }
}
