import AWS
import StackTemplate

/// Answers a template's dynamic references from the local SSM and Secrets Manager, through the same cache the
/// functions use (one fetch per secret, JSON keys read from it).
struct LocalReferenceSource: DynamicReferenceSource {
    let cache: SecretCache

    init(secretsManager: SecretsManagerClient?, ssm: SSMClient?) {
        cache = SecretCache(secretsManager: secretsManager, ssm: ssm)
    }

    func value(for reference: DynamicReference) async throws -> String {
        switch reference.target {
        case .parameter(let name, let version), .secureParameter(let name, let version):
            let decrypt = if case .secureParameter = reference.target { true } else { false }
            return try await cache.value(for: .parameter(version.map { "\(name):\($0)" } ?? name, decrypt: decrypt))
        case .secret(let id, let jsonKey, let versionStage, let versionID):
            return try await cache.value(for: .secret(id, jsonKey: jsonKey, versionStage: versionStage, versionID: versionID))
        }
    }
}
