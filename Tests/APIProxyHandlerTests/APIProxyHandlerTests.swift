import APIProxyHandler
import AWS
import Foundation
import LambdaEvents
import LambdaRuntime
import Logging
import Synchronization
import Testing
import TestServers

/// The handler in-process against moto (the admin key in Secrets Manager) and a recording upstream: the admin
/// call carries the key and comes only after the user check passed; every refusal has its status and errorType.
@Suite(.serialized, .timeLimit(.minutes(2))) struct APIProxyHandlerTests {
    static let adminKey = "admin-key-7d1f0c"

    /// moto with the admin key stored, the upstream accepting it, and a handler pointed at both.
    struct Stack {
        let moto: MotoService
        let upstream: UpstreamAPIServer
        let handler: APIProxyHandler
        let log = LogCapture()

        init(missingSecret: Bool = false, extra: [String: String] = [:]) async throws {
            moto = try MotoService.shared()
            let secretID = "proxy/\(UUID().uuidString)"
            upstream = try UpstreamAPIServer()
            var environment = MotoService.environment
            environment["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = moto.endpoint
            try await SecretsManagerClient(environment: environment)
                .createSecret(name: secretID, secretString: #"{"apiKey":"\#(APIProxyHandlerTests.adminKey)"}"#)
            try upstream.acceptAdminKey(APIProxyHandlerTests.adminKey)
            environment.merge([
                "UPSTREAM_URL": upstream.url, "UPSTREAM_URL_ALLOW": "127.0.0.1", "ADMIN_KEY_SECRET_ID": missingSecret ? "proxy/no-such-secret" : secretID, "ADMIN_KEY_JSON_KEY": "apiKey",
            ]) { $1 }
            environment.merge(extra) { $1 }
            handler = try APIProxyHandler(environment: environment)
        }

        func stop() {
            upstream.stop()
        }

        /// Invokes with a REST event for `PUT /submissions/{id}`, `timeout` before the deadline.
        func invoke(token: String?, id: String = "42", body: String = #"{"score":10}"#, timeout: Duration = .seconds(30)) async
            -> (status: Int, body: [String: Any])
        {
            var headers = ["Content-Type": "application/json"]
            headers["authorization"] = token.map { "Bearer \($0)" }
            let request = APIGatewayRequest(
                resource: "/submissions/{id}", path: "/submissions/\(id)", httpMethod: "PUT", headers: headers,
                pathParameters: ["id": id], requestContext: .init(identity: .init(sourceIp: "127.0.0.1")), body: body)
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            let context = LambdaContext(
                requestID: "r-1", deadlineMilliseconds: now + Int64(timeout / .milliseconds(1)),
                invokedFunctionARN: "arn:aws:lambda:us-east-1:123456789012:function:apiProxy",
                logger: Logger(label: "test") { _ in CapturingLogHandler(capture: log) })
            guard case .rest(let response) = await handler.handle(APIProxyRequest(.rest(request)), context: context) else {
                return (0, [:])
            }
            let object = (try? JSONSerialization.jsonObject(with: Data((response.body ?? "").utf8))) as? [String: Any]
            return (response.statusCode, object ?? [:])
        }
    }

    @Test func theAdminCallCarriesTheKeyAndComesAfterTheUserCheck() async throws {
        let stack = try await Stack()
        defer { stack.stop() }
        let (status, body) = await stack.invoke(token: "good-token")
        #expect(status == 200)
        #expect(body["updated"] as? String == "42")
        #expect(body["body"] as? String == #"{"score":10}"#)
        let received = try stack.upstream.received()
        #expect(received.map { "\($0.method) \($0.path)" } == ["GET /current", "PUT /user/submission/42"])
        try #require(received.count == 2)
        #expect(received[0].headers["authorization"] == "Bearer good-token")
        #expect(received[0].headers["x-token"] == nil)
        #expect(received[1].headers["x-token"] == Self.adminKey)
        #expect(received[1].headers["authorization"] == nil)
        #expect(received[1].headers["content-type"] == "application/json")
        #expect(stack.log.lines.contains { $0.contains("forwarded") && $0.contains("status=200") })
        #expect(!stack.log.text.contains(Self.adminKey) && !stack.log.text.contains("good-token"))
    }

    @Test func aRefusedTokenMeansNoAdminCallAtAll() async throws {
        let stack = try await Stack()
        defer { stack.stop() }
        let (status, body) = await stack.invoke(token: "stolen-token")
        #expect(status == 401)
        #expect(body["errorType"] as? String == "TokenRefused")
        #expect(try stack.upstream.received().map { "\($0.method) \($0.path)" } == ["GET /current"])
        let missing = await stack.invoke(token: nil)
        #expect(missing.status == 401)
        #expect(missing.body["errorType"] as? String == "MissingToken")
        let badID = await stack.invoke(token: "good-token", id: "../admin")
        #expect(badID.status == 400)
        #expect(badID.body["errorType"] as? String == "InvalidRequest")
        #expect(try stack.upstream.received().count == 1)  // neither reached the upstream
        #expect(!stack.log.text.contains("stolen-token"))
    }

    @Test func aLoopbackUpstreamIsRefusedUnlessAllowed() async throws {
        // The outbound-address policy: without UPSTREAM_URL_ALLOW the upstream on 127.0.0.1 is never contacted.
        let stack = try await Stack(extra: ["UPSTREAM_URL_ALLOW": ""])
        defer { stack.stop() }
        let (status, body) = await stack.invoke(token: "good-token")
        #expect(status == 502)
        #expect(body["errorType"] as? String == "UpstreamUnreachable")
        #expect((body["message"] as? String)?.contains("UPSTREAM_URL_ALLOW") == true, "\(body)")
        #expect(try stack.upstream.received().isEmpty)
    }

    @Test func aSlowUpstreamEndsAtTheDeadlineWithUpstreamTimeout() async throws {
        let stack = try await Stack()
        defer { stack.stop() }
        // The upstream answers after 20 s, the invocation has 4 s: the handler must give up near its deadline
        // (bounds loose enough for a loaded machine, far from the upstream's answer).
        try stack.upstream.delayAnswers(by: 20)
        let clock = ContinuousClock()
        let began = clock.now
        let (status, body) = await stack.invoke(token: "good-token", timeout: .seconds(4))
        let took = began.duration(to: clock.now)
        #expect(status == 504)
        #expect(body["errorType"] as? String == "UpstreamTimeout")
        #expect(took < .seconds(10), "answered after \(took), long past the invocation's deadline")
        #expect(took > .seconds(3), "gave up after \(took), long before the deadline")
        #expect(try stack.upstream.received().map(\.path) == ["/current"])
    }

    @Test func aMissingSecretIsAdminKeyUnavailableAfterTheUserCheck() async throws {
        let stack = try await Stack(missingSecret: true)
        defer { stack.stop() }
        let (status, body) = await stack.invoke(token: "good-token")
        #expect(status == 500)
        #expect(body["errorType"] as? String == "AdminKeyUnavailable")
        #expect((body["message"] as? String)?.contains("secret not found") == true, "\(body)")
        #expect(try stack.upstream.received().map(\.path) == ["/current"])
    }

    @Test func upstreamFailuresAndARefusedAdminKeyAreTold() async throws {
        let stack = try await Stack()
        defer { stack.stop() }
        try stack.upstream.acceptAdminKey("a-rotated-key")
        let refused = await stack.invoke(token: "good-token")
        #expect(refused.status == 502)
        #expect(refused.body["errorType"] as? String == "AdminKeyRefused")
        stack.upstream.stop()
        let unreachable = await stack.invoke(token: "good-token")
        #expect(unreachable.status == 502)
        #expect(unreachable.body["errorType"] as? String == "UpstreamUnreachable")
    }

    @Test func settingsAreCheckedAtInit() {
        let base = MotoService.environment.merging(["UPSTREAM_URL": "https://api.example.com/", "ADMIN_KEY_SECRET_ID": "s"]) { $1 }
        #expect(throws: Never.self) { try APIProxySettings(environment: base) }
        #expect(try! APIProxySettings(environment: base).upstreamURL == "https://api.example.com")
        for (name, value) in [("UPSTREAM_URL", ""), ("UPSTREAM_URL", "ftp://x"), ("UPSTREAM_URL", "{{resolve:ssm:/u}}"),
                              ("ADMIN_KEY_SECRET_ID", ""), ("ADMIN_PATH", "/no-id"), ("UPSTREAM_TIMEOUT_MS", "0")] {
            let error = #expect(throws: APIProxyError.invalidConfiguration) {
                try APIProxySettings(environment: base.merging([name: value]) { $1 })
            }
            #expect(error?.errorType == "InvalidConfiguration")
        }
    }
}

/// Every line a logger wrote, with its metadata.
final class LogCapture: Sendable {
    private let storage = Mutex<[String]>([])
    var lines: [String] { storage.withLock { $0 } }
    var text: String { lines.joined(separator: "\n") }
    func append(_ line: String) { storage.withLock { $0.append(line) } }
}

struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
             file: String, function: String, line: UInt) {
        let all = self.metadata.merging(metadata ?? [:]) { $1 }
        capture.append("\(level) \(message) " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
    }
}
