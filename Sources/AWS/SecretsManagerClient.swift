import FoundationEssentials
import HTTPClient

/// A small Secrets Manager client: GetSecretValue, and CreateSecret for setting up local stacks.
///
/// ```swift
/// let secrets = try SecretsManagerClient(environment: ProcessInfo.processInfo.environment)
/// let key = try await secrets.getSecretValue("prod/api-key").secretString
/// ```
///
/// Speaks the JSON 1.1 protocol, signed with ``SigV4Signer``, over `HTTPClient`; failed requests are retried by
/// the ``RetryPolicy``. Errors are ``AWSServiceError`` (what Secrets Manager answered), ``AWSClientError`` or
/// `HTTPClientError`; none of them quotes a secret. For values read on every invocation, put a ``SecretCache`` in
/// front. Safe to share between tasks.
public struct SecretsManagerClient: Sendable {
    /// The variable that names a custom Secrets Manager endpoint, as the AWS SDKs read it.
    public static let endpointVariable = "AWS_ENDPOINT_URL_SECRETS_MANAGER"

    private let client: JSONServiceClient

    /// Where requests go.
    public var configuration: AWSServiceConfiguration { client.configuration }

    /// Creates a client.
    /// - Parameters:
    ///   - credentials: The credentials that sign requests.
    ///   - configuration: Region, endpoint and retries.
    ///   - httpClient: The transport; by default one with a 5 s connect and 15 s transfer limit.
    public init(
        credentials: AWSCredentials, configuration: AWSServiceConfiguration,
        httpClient: HTTPClient = HTTPClient(configuration: .init(connectTimeout: .seconds(5), timeout: .seconds(15)))
    ) {
        client = JSONServiceClient(
            service: "secretsmanager", targetPrefix: "secretsmanager", credentials: credentials,
            configuration: configuration, httpClient: httpClient)
    }

    /// Creates a client from a function's environment: credentials as ``AWSCredentials/init(environment:)``, the
    /// region, and the endpoint from `AWS_ENDPOINT_URL_SECRETS_MANAGER` or `AWS_ENDPOINT_URL`.
    /// - Parameter environment: The variables, usually the process's.
    /// - Throws: ``AWSClientError`` when credentials or region are missing or the endpoint is invalid.
    public init(environment: [String: String]) throws(AWSClientError) {
        self.init(
            credentials: try AWSCredentials(environment: environment),
            configuration: try AWSServiceConfiguration(environment: environment, endpointVariable: Self.endpointVariable))
    }

    /// Reads a secret's value (GetSecretValue).
    /// - Parameters:
    ///   - secretID: The secret's name or ARN.
    ///   - versionStage: The stage to read, `AWSCURRENT` when neither this nor `versionID` is given.
    ///   - versionID: A version's id.
    /// - Returns: The value and which version it is.
    /// - Throws: ``AWSServiceError`` (`ResourceNotFoundException`, `AccessDeniedException`, `DecryptionFailure`,
    ///   …), ``AWSClientError/invalidArgument`` for an empty id, ``AWSClientError/malformedResponse``, or
    ///   `HTTPClientError`.
    public func getSecretValue(_ secretID: String, versionStage: String? = nil, versionID: String? = nil) async throws -> SecretValue {
        guard !secretID.isEmpty else { throw AWSClientError.invalidArgument.with(message: "the secret id is empty") }
        struct Input: Encodable { var SecretId: String; var VersionStage: String?; var VersionId: String? }
        return try await client.call(
            "GetSecretValue", Input(SecretId: secretID, VersionStage: versionStage, VersionId: versionID), as: SecretValue.self)
    }

    /// Creates a secret with a string value (CreateSecret).
    /// - Parameters:
    ///   - name: The secret's name.
    ///   - secretString: The value.
    ///   - description: A description for people.
    /// - Returns: The new secret's ARN.
    /// - Throws: ``AWSServiceError`` (`ResourceExistsException` when the name is taken, …), ``AWSClientError``, or
    ///   `HTTPClientError`.
    @discardableResult
    public func createSecret(name: String, secretString: String, description: String? = nil) async throws -> String {
        struct Input: Encodable { var Name: String; var SecretString: String; var Description: String? }
        struct Output: Decodable { var ARN: String }
        return try await client.call(
            "CreateSecret", Input(Name: name, SecretString: secretString, Description: description), as: Output.self).ARN
    }
}
