import AWS
import Foundation
import Testing
import TestServers

/// Secrets Manager and SSM clients against moto: values, JSON keys, version stages, decryption, errors, and the
/// cache picking a rotation up after its TTL and not before. Rotations are made with the real AWS CLI.
@Suite(.serialized, .timeLimit(.minutes(2))) struct SecretsClientTests {
    static func environment(_ moto: MotoService, _ extra: [String: String] = [:]) -> [String: String] {
        MotoService.environment.merging(["AWS_ENDPOINT_URL": moto.endpoint]) { $1 }.merging(extra) { $1 }
    }

    @Test func getSecretValueReadsStringsJSONKeysAndVersionStages() async throws {
        let moto = try MotoService.shared()
        let secrets = try SecretsManagerClient(environment: Self.environment(moto))
        let arn = try await secrets.createSecret(name: "app/api", secretString: #"{"apiKey":"first"}"#, description: "test")
        #expect(arn.hasPrefix("arn:aws:secretsmanager:us-east-1:"))
        let current = try await secrets.getSecretValue("app/api")
        #expect(current.secretString == #"{"apiKey":"first"}"#)
        #expect(current.versionStages == ["AWSCURRENT"])
        #expect(try await secrets.getSecretValue(arn).name == "app/api")
        try moto.aws(["secretsmanager", "put-secret-value", "--secret-id", "app/api", "--secret-string", #"{"apiKey":"second"}"#])
        #expect(try await secrets.getSecretValue("app/api").secretString == #"{"apiKey":"second"}"#)
        let previous = try await secrets.getSecretValue("app/api", versionStage: "AWSPREVIOUS")
        #expect(previous.secretString == #"{"apiKey":"first"}"#)
        #expect(previous.versionID == current.versionID)

        let cache = SecretCache(secretsManager: secrets, ssm: nil)
        #expect(try await cache.value(for: .secret("app/api", jsonKey: "apiKey")) == "second")
        #expect(try await cache.value(for: .secret("app/api", jsonKey: "apiKey", versionStage: "AWSPREVIOUS")) == "first")

        let missing = await #expect(throws: AWSServiceError.self) { try await secrets.getSecretValue("nope") }
        #expect(missing?.code == "ResourceNotFoundException")
        #expect(missing?.isNotFound == true)
        await #expect(throws: SecretsError.notFound) { try await cache.value(for: .secret("nope")) }
        await #expect(throws: SecretsError.notConfigured) { try await cache.value(for: .parameter("/x")) }
    }

    @Test func getParameterAndGetParametersDecryptAndReportUnknownNames() async throws {
        let moto = try MotoService.shared()
        let ssm = try SSMClient(environment: Self.environment(moto))
        try await ssm.putParameter("/app/url", value: "http://one")
        try moto.aws(["ssm", "put-parameter", "--name", "/app/secure", "--value", "s3cr3t", "--type", "SecureString"])
        #expect(try await ssm.getParameter("/app/url").value == "http://one")
        #expect(try await ssm.getParameter("/app/secure").value == "s3cr3t")
        #expect(try await ssm.getParameter("/app/secure", withDecryption: false).value != "s3cr3t")
        try await ssm.putParameter("/app/url", value: "http://two", overwrite: true)
        #expect(try await ssm.getParameter("/app/url:1").value == "http://one")
        let (found, invalid) = try await ssm.getParameters(["/app/url", "/app/secure", "/app/none"])
        #expect(found.map(\.name).sorted() == ["/app/secure", "/app/url"])
        #expect(found.first { $0.name == "/app/secure" }?.value == "s3cr3t")
        #expect(invalid == ["/app/none"])
        let exists = await #expect(throws: AWSServiceError.self) { try await ssm.putParameter("/app/url", value: "x") }
        #expect(exists?.code == "ParameterAlreadyExists")
        let missing = await #expect(throws: AWSServiceError.self) { try await ssm.getParameter("/app/none") }
        #expect(missing?.code == "ParameterNotFound")
        await #expect(throws: AWSClientError.invalidArgument) { try await ssm.getParameters(Array(repeating: "/a", count: 11)) }
    }

    @Test func theCachePicksUpARotationAfterItsTTLAndNotBefore() async throws {
        let moto = try MotoService.shared()
        let environment = Self.environment(moto)
        let secrets = try SecretsManagerClient(environment: environment)
        try await secrets.createSecret(name: "rotating", secretString: "v1")
        let cache = try SecretCache(environment: environment, policy: .init(refreshAfter: .seconds(10)))
        let readAt = ContinuousClock.now
        #expect(try await cache.value(for: .secret("rotating")) == "v1")
        try moto.aws(["secretsmanager", "put-secret-value", "--secret-id", "rotating", "--secret-string", "v2"])
        // Rotated in the service, but within the TTL the cache keeps the value it read.
        try #require(readAt.duration(to: .now) < .seconds(10), "the CLI took too long for this check")
        #expect(try await cache.value(for: .secret("rotating")) == "v1")
        try await Task.sleep(until: readAt.advanced(by: .milliseconds(10_100)))
        // Past the TTL the next read refreshes. Under a loaded `swift test` one refresh can fail (moto answering
        // slowly), and a failed refresh keeps serving v1 by design, so allow a few reads before calling it lost.
        var value = try await cache.value(for: .secret("rotating"))
        for _ in 0..<10 where value != "v2" {
            try await Task.sleep(for: .seconds(2))
            value = try await cache.value(for: .secret("rotating"))
        }
        #expect(value == "v2")
    }

    @Test func endpointsComeFromTheServiceVariablesThenTheGlobalOne() throws {
        let base = ["AWS_REGION": "eu-west-1"]
        #expect(try AWSServiceConfiguration(environment: base, endpointVariable: "AWS_ENDPOINT_URL_SSM").endpoint == nil)
        let both = base.merging(["AWS_ENDPOINT_URL": "http://127.0.0.1:1/", "AWS_ENDPOINT_URL_SSM": "http://127.0.0.1:2"]) { $1 }
        #expect(try AWSServiceConfiguration(environment: both, endpointVariable: "AWS_ENDPOINT_URL_SSM").endpoint == "http://127.0.0.1:2")
        #expect(try AWSServiceConfiguration(environment: both, endpointVariable: SecretsManagerClient.endpointVariable).endpoint == "http://127.0.0.1:1")
        let ignored = both.merging(["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"]) { $1 }
        #expect(try AWSServiceConfiguration(environment: ignored, endpointVariable: "AWS_ENDPOINT_URL_SSM").endpoint == nil)
        #expect(throws: AWSClientError.invalidEndpoint) {
            try AWSServiceConfiguration(environment: base.merging(["AWS_ENDPOINT_URL_SSM": "ftp://x"]) { $1 }, endpointVariable: "AWS_ENDPOINT_URL_SSM")
        }
        #expect(throws: AWSClientError.missingRegion) { try AWSServiceConfiguration(environment: [:], endpointVariable: "AWS_ENDPOINT_URL_SSM") }
    }
}
