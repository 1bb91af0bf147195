import AWS
import Foundation
import Testing
import TestServers

/// `lambda-local` against moto as Secrets Manager and SSM: the template's secret and parameter are created, the
/// functions' dynamic references resolve to them, and apiProxy from the repository's template.json makes its admin
/// call with the key from Secrets Manager without the key ever appearing in its log.
@Suite(.serialized, .timeLimit(.minutes(3))) struct SecretsStackTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/secrets")
    static let bookTemplate = TestPaths.packageRoot.appendingPathComponent("template.json").path

    static func environment(endpoint: String?) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") }
        environment.merge(MotoService.environment) { $1 }
        environment["AWS_ENDPOINT_URL"] = endpoint
        return environment
    }

    func lambdaLocal(_ arguments: [String], endpoint: String?, input: String? = nil) async throws -> (status: Int32, output: String, error: String) {
        try await LambdaLocalTests().lambdaLocal(arguments, input: input, environment: Self.environment(endpoint: endpoint))
    }

    @Test func dynamicReferencesResolveAgainstTheSecretAndParameterItCreates() async throws {
        let moto = try MotoService.shared()
        let template = Self.fixture.appendingPathComponent("template.json").path
        let arguments = ["invoke", "Env", "-t", template, "--code", "Env=\(Self.fixture.appendingPathComponent("env").path)"]
        let first = try await lambdaLocal(arguments, endpoint: moto.endpoint)
        #expect(first.status == 0, "\(first.error)")
        #expect(first.error.contains("note: created fixture/key\n"))
        #expect(first.error.contains("note: created /fixture/url\n"))
        let environment = try #require(try JSONSerialization.jsonObject(with: Data(first.output.utf8)) as? [String: String], "\(first.output)")
        let stored = try await SecretsManagerClient(environment: Self.environment(endpoint: moto.endpoint)).getSecretValue("fixture/key")
        let object = try #require(try JSONSerialization.jsonObject(with: Data((stored.secretString ?? "").utf8)) as? [String: String])
        let key = try #require(object["apiKey"])
        #expect(key.count == 24 && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }, "generated \(key.count) characters")
        #expect(environment == ["RESOLVED_URL": "http://upstream.example/v1", "RESOLVED_USER": "svc", "RESOLVED_KEY": key, "SECRET_ID": "fixture/key"])
        #expect(!first.error.contains(key))

        // A second run finds both and keeps the secret's value (a key set by hand survives restarts).
        try moto.aws(["secretsmanager", "put-secret-value", "--secret-id", "fixture/key", "--secret-string", #"{"user":"svc","apiKey":"set-by-hand"}"#])
        let second = try await lambdaLocal(arguments, endpoint: moto.endpoint)
        #expect(second.status == 0, "\(second.error)")
        #expect(!second.error.contains("note: created"))
        #expect(second.output.contains(#""RESOLVED_KEY": "set-by-hand""#), "\(second.output)")

        // Without local services the references stay as written, with a note; lambda-local never asks AWS.
        let offline = try await lambdaLocal(arguments, endpoint: nil)
        #expect(offline.status == 0, "\(offline.error)")
        #expect(offline.error.contains("note: {{resolve:ssm:/fixture/url}} stays unresolved: no local SSM (AWS_ENDPOINT_URL_SSM or AWS_ENDPOINT_URL) is set"))
        #expect(offline.output.contains(#""RESOLVED_URL": "{{resolve:ssm:/fixture/url}}""#))

        // A reference to something that is not there fails the run, naming it.
        try moto.aws(["ssm", "delete-parameter", "--name", "/fixture/url"])
        let missing = try await lambdaLocal(arguments + ["--no-create-secrets"], endpoint: moto.endpoint)
        #expect(missing.status != 0)
        #expect(missing.error.contains("resource Env: Environment.Variables.RESOLVED_URL: {{resolve:ssm:/fixture/url}}: SecretsError: secret not found"), "\(missing.error)")
    }

    @Test func apiProxyMakesTheAdminCallWithTheKeyFromSecretsManagerAndNeverLogsIt() async throws {
        let moto = try MotoService.shared()
        let upstream = try UpstreamAPIServer()
        defer { upstream.stop() }
        let products = LambdaLocalTests.products
        try #require(FileManager.default.fileExists(atPath: products + "/apiProxy"), "apiProxy is not built")
        let event = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("events/apiProxy-apigateway.json"), encoding: .utf8)
        let arguments = ["invoke", "apiProxy", "-t", Self.bookTemplate, "--build-dir", products, "--parameter", "ApiProxyUpstreamURL=\(upstream.url)",
                         "--parameter", "ApiProxyUpstreamAllow=127.0.0.1", "-e", "-"]

        // The first run creates the secret with a generated key, which the upstream does not know yet.
        let first = try await lambdaLocal(arguments, endpoint: moto.endpoint, input: event)
        #expect(first.status == 0, "\(first.error)")
        #expect(first.output.contains(#""statusCode":502"#), "\(first.output)")
        #expect(first.output.contains("AdminKeyRefused"))
        let generated = try moto.aws(["secretsmanager", "get-secret-value", "--secret-id", "local/apiProxy/admin-key", "--query", "SecretString", "--output", "text"])
        let generatedKey = try #require((try JSONSerialization.jsonObject(with: Data(generated.utf8)) as? [String: String])?["apiKey"])
        #expect(generatedKey.count == 40)

        // The real key, put where the README says.
        try moto.aws(["secretsmanager", "put-secret-value", "--secret-id", "local/apiProxy/admin-key", "--secret-string", #"{"apiKey":"the-real-admin-key"}"#])
        try upstream.acceptAdminKey("the-real-admin-key")
        let second = try await lambdaLocal(arguments, endpoint: moto.endpoint, input: event)
        #expect(second.status == 0, "\(second.error)")
        #expect(second.output.contains(#""statusCode":200"#), "\(second.output)")
        let received = try upstream.received()
        #expect(received.map { "\($0.method) \($0.path)" } == [
            "GET /current", "PUT /user/submission/42", "GET /current", "PUT /user/submission/42",
        ])
        try #require(received.count == 4)
        #expect(received[1].headers["x-token"] == generatedKey)
        #expect(received[3].headers["x-token"] == "the-real-admin-key")
        for run in [first, second] {
            #expect(run.error.contains("[apiProxy#1] REPORT RequestId: "))
            #expect(!run.error.contains(generatedKey) && !run.error.contains("the-real-admin-key"), "the key is in the log")
            #expect(!run.output.contains(generatedKey) && !run.output.contains("the-real-admin-key"))
            #expect(!run.error.contains("good-token"))
        }
        #expect(second.error.contains("forwarded"))
    }
}
