import FoundationEssentials
import HTTPClient

/// The AWS JSON 1.1 protocol that Secrets Manager and SSM speak: every operation is a `POST /` whose
/// `X-Amz-Target` names it (`secretsmanager.GetSecretValue`, `AmazonSSM.GetParameter`), with a JSON body both ways.
///
/// Requests are signed with ``SigV4Signer`` (the standard rules) and retried by the ``RetryPolicy``. Response
/// bodies may hold secrets, so no error made here ever quotes one.
struct JSONServiceClient: Sendable {
    /// Where requests go and how they are retried.
    let configuration: AWSServiceConfiguration
    /// The prefix of `X-Amz-Target`, for example `secretsmanager`.
    let targetPrefix: String
    private let signer: SigV4Signer
    private let http: HTTPClient
    private let url: String

    /// Creates a client.
    /// - Parameters:
    ///   - service: The signing name, e.g. `secretsmanager`, `ssm`; also the host's first label on AWS.
    ///   - targetPrefix: The prefix of `X-Amz-Target`.
    ///   - credentials: The credentials.
    ///   - configuration: Region, endpoint, retries.
    ///   - httpClient: The transport.
    init(
        service: String, targetPrefix: String, credentials: AWSCredentials, configuration: AWSServiceConfiguration,
        httpClient: HTTPClient
    ) {
        self.configuration = configuration
        self.targetPrefix = targetPrefix
        self.signer = SigV4Signer(credentials: credentials, region: configuration.region, service: service, rules: .standard)
        self.http = httpClient
        let domain = configuration.region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        self.url = (configuration.endpoint ?? "https://\(service).\(configuration.region).\(domain)") + "/"
    }

    /// Calls an operation and decodes its answer.
    /// - Parameters:
    ///   - operation: The operation's name, e.g. `GetSecretValue`.
    ///   - input: The request shape.
    ///   - output: The answer's shape.
    /// - Returns: The answer.
    /// - Throws: ``AWSServiceError`` (what the service answered, after retries), ``AWSClientError``
    ///   (`malformedResponse` without the body's text), or `HTTPClientError` (transport, after retries).
    func call<Input: Encodable, Output: Decodable>(_ operation: String, _ input: Input, as output: Output.Type) async throws -> Output {
        let response = try await send(operation, body: try JSONEncoder().encode(input))
        do {
            return try JSONDecoder().decode(Output.self, from: Data(response.body))
        } catch {
            // The decoder's message may quote the body, and the body may be a secret.
            throw AWSClientError.malformedResponse.with(
                message: "\(targetPrefix).\(operation) answered \(response.body.count) bytes that are not its JSON shape")
        }
    }

    /// Sends an operation, retrying transient failures, and returns the 2xx response.
    func send(_ operation: String, body: Data) async throws -> HTTPResponse {
        let request = HTTPRequest(
            method: .post, url: url,
            headers: ["Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "\(targetPrefix).\(operation)"],
            body: Array(body))
        return try await configuration.retry.send(
            request, signedBy: { signer.sign(&$0) }, over: http, error: Self.error(from:), isTransient: \.isTransient)
    }

    /// The error in a non-2xx response: `__type` (namespace after `#` dropped) or the `x-amzn-ErrorType` header,
    /// and `message` or `Message`.
    static func error(from response: HTTPResponse) -> AWSServiceError {
        struct Body: Decodable {
            var type: String?
            var message: String?
            var capitalMessage: String?
            enum CodingKeys: String, CodingKey { case type = "__type", message, capitalMessage = "Message" }
        }
        let requestID = response.headers["x-amzn-RequestId"]
        let body = try? JSONDecoder().decode(Body.self, from: Data(response.body))
        let header = response.headers["x-amzn-ErrorType"].map { String($0.prefix { $0 != ":" }) }
        guard let rawCode = body?.type ?? header, !rawCode.isEmpty else {
            return AWSServiceError(status: response.status, code: "HTTP\(response.status)", message: "", requestID: requestID)
        }
        let code = rawCode.split(separator: "#").last.map(String.init) ?? rawCode
        return AWSServiceError(
            status: response.status, code: code, message: body?.message ?? body?.capitalMessage ?? "", requestID: requestID)
    }
}
