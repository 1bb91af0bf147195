import AWS
import FoundationEssentials
import HTTPClient
import LambdaEvents
import LambdaRuntime
import Logging

/// `apiProxy`: the proxy in front of an admin API, with the admin key out of the code.
///
/// `PUT /submissions/{id}` with `Authorization: Bearer <user token>` → `GET <upstream>/current` with that token →
/// if the upstream accepts it, `PUT <upstream>/user/submission/{id}` with the request's body and
/// `x-token: <admin key>` → the upstream's status and body. The admin key is read from Secrets Manager on first use
/// and kept for `SECRET_TTL_SECONDS` (see ``SecretCache``), so a rotated key is picked up without a redeploy.
///
/// Every refusal or failure is answered as an HTTP response with the status and `{"errorType", "message"}` of an
/// ``APIProxyError``; the calls have a deadline taken from the invocation's remaining time. One log line per
/// invocation says what happened; neither the caller's token nor the admin key is ever logged or answered.
public struct APIProxyHandler: LambdaHandler {
    /// Time kept back from the invocation's deadline to answer after a slow upstream.
    public static let deadlineMargin: Duration = .milliseconds(200)
    /// The largest request body forwarded.
    public static let maxBodyBytes = 256 << 10

    private let upstream: UpstreamClient
    private let adminKey: @Sendable () async throws(SecretsError) -> String

    /// Creates the handler from the function's environment (see ``APIProxySettings``; credentials, region and
    /// `AWS_ENDPOINT_URL_SECRETS_MANAGER` as the AWS SDKs read them). Fetches nothing yet.
    /// - Parameters:
    ///   - environment: The environment, the process's by default.
    ///   - makeTransport: The upstream transport per call (an outbound-address policy goes here).
    /// - Throws: ``APIProxyError/invalidConfiguration``.
    public init(environment: [String: String] = ProcessEnvironment.all(), makeTransport: UpstreamClient.Transport? = nil) throws(APIProxyError) {
        let settings = try APIProxySettings(environment: environment)
        let secrets: SecretsManagerClient
        do {
            secrets = try SecretsManagerClient(environment: environment)
        } catch {
            throw .invalidConfiguration.with(message: "\(error)")
        }
        let cache = SecretCache(
            secretsManager: secrets, ssm: nil, policy: .init(refreshAfter: settings.secretTTL),
            onStaleValue: { reference, error in
                Logger(label: "apiProxy").warning("serving the cached admin key: its refresh failed", metadata: [
                    "secret": "\(reference)", "error": "\(error)",
                ])
            })
        let reference = settings.adminKey
        self.init(upstream: UpstreamClient(settings: settings, makeTransport: makeTransport)) { () async throws(SecretsError) in
            try await cache.value(for: reference)
        }
    }

    /// Creates the handler from parts, for tests and embedding.
    /// - Parameters:
    ///   - upstream: The upstream calls.
    ///   - adminKey: Gives the admin key (a ``SecretCache`` read, usually).
    public init(upstream: UpstreamClient, adminKey: @escaping @Sendable () async throws(SecretsError) -> String) {
        self.upstream = upstream
        self.adminKey = adminKey
    }

    /// Handles one API Gateway (REST or HTTP API) request.
    public func handle(_ event: APIProxyRequest, context: LambdaContext) async -> ProxyResponse {
        let deadline = ContinuousClock.now.advanced(by: context.remainingTime - Self.deadlineMargin)
        let start = ContinuousClock.now
        do {
            let response = try await forward(event, before: deadline)
            context.logger.info("forwarded", metadata: [
                "status": "\(response.status)", "id": "\(event.submissionID ?? "")", "totalMs": "\(Self.milliseconds(since: start))",
            ])
            let body = String(decoding: response.body, as: UTF8.self)
            let contentType = response.headers["Content-Type"] ?? "application/json"
            return event.proxy.response(statusCode: response.status, contentType: contentType, body: body)
        } catch {
            context.logger.info("refused", metadata: [
                "status": "\(error.status)", "errorType": "\(error.errorType)", "reason": "\(error.message)",
                "totalMs": "\(Self.milliseconds(since: start))",
            ])
            let body = String(decoding: try! JSONEncoder().encode(["errorType": error.errorType, "message": error.description]), as: UTF8.self)
            return event.proxy.response(statusCode: error.status, contentType: "application/json", body: body)
        }
    }

    /// The user check, then the admin call; the admin key is read only once the user check passed.
    public func forward(_ event: APIProxyRequest, before deadline: ContinuousClock.Instant) async throws(APIProxyError) -> HTTPResponse {
        guard let token = event.bearerToken else {
            throw .missingToken.with(message: "send Authorization: Bearer <token>")
        }
        guard let id = event.submissionID else {
            throw .invalidRequest.with(message: "the path needs an {id} of 1 to 128 letters, digits, '-' or '_'")
        }
        let body = try event.body()
        guard body.count <= Self.maxBodyBytes else {
            throw .invalidRequest.with(message: "the body is \(body.count) bytes; at most \(Self.maxBodyBytes) are forwarded")
        }
        try await upstream.checkToken(token, before: deadline)
        let key: String
        do {
            key = try await adminKey()
        } catch {
            throw .adminKeyUnavailable.with(message: "\(error)")
        }
        return try await upstream.adminUpdate(id: id, body: body, contentType: event.contentType, key: key, before: deadline)
    }

    private static func milliseconds(since start: ContinuousClock.Instant) -> Int64 {
        let (seconds, attoseconds) = start.duration(to: .now).components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
