import ArgumentParser
import AWS
import Foundation
import LambdaEmulator
import StackTemplate

/// Whether commands that run functions first create the template's secrets and SSM parameters in a local Secrets
/// Manager and SSM, and how the functions' dynamic references (`{{resolve:…}}`) are answered.
struct SecretOptions: ParsableArguments {
    @Flag(
        name: .customLong("create-secrets"), inversion: .prefixedNo,
        help: "Create the template's missing secrets and SSM parameters in the local services named by AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_ENDPOINT_URL_SSM or AWS_ENDPOINT_URL (default: on when one is set; never in AWS).")
    var createSecrets: Bool? = nil

    /// The template with its dynamic references answered, and lines for the user.
    struct Prepared {
        var template: StackTemplate
        var lines: [String] = []
        /// Only what was created now, for commands that keep quiet about the rest.
        var created: [String] = []
    }

    /// Creates the template's secrets and parameters where local services are configured, then resolves the
    /// dynamic references in the functions' environments against them. References to a service with no local
    /// endpoint stay as written, with a note: lambda-local never reads them from AWS.
    /// - Parameters:
    ///   - template: The template.
    ///   - configuration: The emulator's region and credentials, as the functions get them.
    ///   - function: Resolve only this function's references (the one `invoke` runs); all when nil.
    ///   - environment: Where the endpoints are read from.
    /// - Returns: The resolved template and the report.
    /// - Throws: `CommandError` for `--create-secrets` without a local service, an unreachable endpoint, a secret
    ///   the service will not create, or a reference it cannot answer.
    func prepare(
        _ template: StackTemplate, configuration: EmulatorConfiguration, function: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> Prepared {
        let secretsEndpoint = LocalSecrets.endpoint(SecretsManagerClient.endpointVariable, in: environment)
        let ssmEndpoint = LocalSecrets.endpoint(SSMClient.endpointVariable, in: environment)
        var prepared = Prepared(template: template)
        let all = template.dynamicReferences
        var selected = template
        if let function { selected.functions = template.function(named: function).map { [$0] } ?? [] }
        let references = selected.dynamicReferences
        guard !template.secrets.isEmpty || !template.ssmParameters.isEmpty || !all.isEmpty else { return prepared }
        if createSecrets == true && secretsEndpoint == nil && ssmEndpoint == nil {
            throw CommandError(
                "--create-secrets needs a local Secrets Manager or SSM: set AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_ENDPOINT_URL_SSM (or AWS_ENDPOINT_URL), e.g. to a moto_server; lambda-local never creates secrets in AWS")
        }
        let local: LocalSecrets
        do {
            local = try LocalSecrets(
                secretsManagerEndpoint: secretsEndpoint?.url, ssmEndpoint: ssmEndpoint?.url, region: configuration.region,
                credentials: configuration.credentials)
        } catch {
            throw CommandError("\(error) (endpoints from \(SecretsManagerClient.endpointVariable), \(SSMClient.endpointVariable) or AWS_ENDPOINT_URL)")
        }
        if createSecrets != false {
            try await report(
                "Secrets", template.secrets.map { ($0.logicalID, $0.name) }, at: secretsEndpoint,
                outcomes: { try await local.ensureExist(secrets: template.secrets) }, into: &prepared)
            try await report(
                "SSM parameters", template.ssmParameters.map { ($0.logicalID, $0.name) }, at: ssmEndpoint,
                outcomes: { try await local.ensureExist(parameters: template.ssmParameters) }, into: &prepared)
        }
        let unanswerable = references.filter { reference in
            switch reference.target {
            case .secret: secretsEndpoint == nil
            case .parameter, .secureParameter: ssmEndpoint == nil
            }
        }
        for reference in unanswerable {
            prepared.lines.append("note: \(reference.text) stays unresolved: no local \(Self.service(of: reference)) is set")
        }
        if unanswerable.count < references.count {
            prepared.template = try await template.resolvingDynamicReferences(
                using: PartialSource(source: LocalReferenceSource(secretsManager: local.secretsManager, ssm: local.ssm),
                                     skipped: Set(unanswerable).union(Set(all).subtracting(references))))
            prepared.lines.append("Dynamic references: \(references.count - unanswerable.count) resolved")
        }
        return prepared
    }

    private func report(
        _ title: String, _ resources: [(logicalID: String, name: String)], at endpoint: (variable: String, url: String)?,
        outcomes: () async throws -> [LocalSecrets.Outcome], into prepared: inout Prepared
    ) async throws {
        guard !resources.isEmpty else { return }
        guard let endpoint else {
            prepared.lines.append("\(title) (not created: no local service is set):")
            prepared.lines += resources.map { "  \($0.logicalID)  \($0.name)" }
            return
        }
        prepared.lines.append("\(title) at \(endpoint.url) (\(endpoint.variable)):")
        for outcome in try await outcomes() {
            prepared.lines.append("  \(outcome.logicalID)  \(outcome.name)  \(outcome.created ? "created" : "exists")")
            if outcome.created { prepared.created.append(outcome.name) }
        }
    }

    private static func service(of reference: DynamicReference) -> String {
        if case .secret = reference.target {
            return "Secrets Manager (AWS_ENDPOINT_URL_SECRETS_MANAGER or AWS_ENDPOINT_URL)"
        }
        return "SSM (AWS_ENDPOINT_URL_SSM or AWS_ENDPOINT_URL)"
    }

    /// Answers all but the skipped references, which stay as written.
    private struct PartialSource: DynamicReferenceSource {
        let source: LocalReferenceSource
        let skipped: Set<DynamicReference>

        func value(for reference: DynamicReference) async throws -> String {
            skipped.contains(reference) ? reference.text : try await source.value(for: reference)
        }
    }
}
