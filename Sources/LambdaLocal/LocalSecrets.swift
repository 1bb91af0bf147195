import AWS
import Foundation
import StackTemplate

/// The template's secrets and SSM parameters in a local Secrets Manager and SSM (moto_server, LocalStack): created
/// when missing, so that functions and dynamic references find what the stack would have made.
///
/// Only ever pointed at endpoints the user configured; it never creates anything in AWS, and an existing secret or
/// parameter keeps its value (a rotated key survives a restart).
struct LocalSecrets {
    /// What ``ensureExist(secrets:parameters:)`` found or did for one resource.
    struct Outcome: Equatable {
        var logicalID: String
        var name: String
        var created: Bool
    }

    let secretsManager: SecretsManagerClient?
    let ssm: SSMClient?

    /// The endpoint a service's variables name, as the AWS SDKs (and the functions) choose it; empty counts as unset.
    static func endpoint(_ serviceVariable: String, in environment: [String: String]) -> (variable: String, url: String)? {
        for variable in [serviceVariable, "AWS_ENDPOINT_URL"] {
            if let url = environment[variable], !url.isEmpty { return (variable, url) }
        }
        return nil
    }

    /// Creates the clients for the endpoints given; a nil endpoint leaves that service alone.
    /// - Throws: `AWSClientError` for an invalid endpoint or missing credentials.
    init(secretsManagerEndpoint: String?, ssmEndpoint: String?, region: String, credentials: [String: String]) throws {
        // A few quick retries ride out a server that is still starting; an unreachable one fails in well under a second.
        let retry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(100), maxDelay: .milliseconds(200))
        let signing = try AWSCredentials(environment: credentials)
        secretsManager = try secretsManagerEndpoint.map {
            SecretsManagerClient(credentials: signing, configuration: try AWSServiceConfiguration(region: region, endpoint: $0, retry: retry))
        }
        ssm = try ssmEndpoint.map {
            SSMClient(credentials: signing, configuration: try AWSServiceConfiguration(region: region, endpoint: $0, retry: retry))
        }
    }

    /// Creates each secret that does not exist yet, with its `SecretString` or a generated value.
    /// - Throws: `CommandError` naming the first secret that neither exists nor can be created.
    func ensureExist(secrets: [SecretDefinition]) async throws -> [Outcome] {
        guard let secretsManager else { return [] }
        var outcomes: [Outcome] = []
        for secret in secrets {
            do {
                try await secretsManager.createSecret(
                    name: secret.name, secretString: try Self.initialValue(secret.content), description: secret.description)
                outcomes.append(Outcome(logicalID: secret.logicalID, name: secret.name, created: true))
            } catch let error as AWSServiceError where error.code == "ResourceExistsException" {
                outcomes.append(Outcome(logicalID: secret.logicalID, name: secret.name, created: false))
            } catch {
                throw CommandError("cannot create secret \(secret.name) (\(secret.logicalID)): \(error)")
            }
        }
        return outcomes
    }

    /// Creates each parameter that does not exist yet, with its template value.
    /// - Throws: `CommandError` naming the first parameter that neither exists nor can be created.
    func ensureExist(parameters: [SSMParameterDefinition]) async throws -> [Outcome] {
        guard let ssm else { return [] }
        var outcomes: [Outcome] = []
        for parameter in parameters {
            do {
                try await ssm.putParameter(
                    parameter.name, value: parameter.value, type: parameter.type == "StringList" ? .stringList : .string,
                    overwrite: false, description: parameter.description)
                outcomes.append(Outcome(logicalID: parameter.logicalID, name: parameter.name, created: true))
            } catch let error as AWSServiceError where error.code == "ParameterAlreadyExists" {
                outcomes.append(Outcome(logicalID: parameter.logicalID, name: parameter.name, created: false))
            } catch {
                throw CommandError("cannot create SSM parameter \(parameter.name) (\(parameter.logicalID)): \(error)")
            }
        }
        return outcomes
    }

    /// The value a new secret starts with: its `SecretString`, or a password made as `GenerateSecretString` says.
    static func initialValue(_ content: SecretDefinition.Content) throws -> String {
        switch content {
        case .string(let text):
            return text
        case .generated(let recipe):
            let password = try GeneratedPassword.make(recipe)
            guard let template = recipe.secretStringTemplate, let key = recipe.generateStringKey else { return password }
            guard var object = try? JSONSerialization.jsonObject(with: Data(template.utf8)) as? [String: Any] else {
                throw CommandError("GenerateSecretString.SecretStringTemplate is not a JSON object")
            }
            object[key] = password
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            return String(decoding: data, as: UTF8.self)
        }
    }
}
