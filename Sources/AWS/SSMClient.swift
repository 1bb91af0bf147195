import FoundationEssentials
import HTTPClient

/// A small SSM Parameter Store client: GetParameter, GetParameters, and PutParameter for setting up local stacks.
///
/// ```swift
/// let ssm = try SSMClient(environment: ProcessInfo.processInfo.environment)
/// let url = try await ssm.getParameter("/my-app/upstream-url").value
/// ```
///
/// Speaks the JSON 1.1 protocol, signed with ``SigV4Signer``, over `HTTPClient`; failed requests are retried by
/// the ``RetryPolicy``. Errors are ``AWSServiceError`` (what SSM answered), ``AWSClientError`` or `HTTPClientError`;
/// none of them quotes a value. Safe to share between tasks.
public struct SSMClient: Sendable {
    /// The variable that names a custom SSM endpoint, as the AWS SDKs read it.
    public static let endpointVariable = "AWS_ENDPOINT_URL_SSM"
    /// The most names one GetParameters call takes.
    public static let maxNamesPerCall = 10

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
            service: "ssm", targetPrefix: "AmazonSSM", credentials: credentials, configuration: configuration,
            httpClient: httpClient)
    }

    /// Creates a client from a function's environment: credentials as ``AWSCredentials/init(environment:)``, the
    /// region, and the endpoint from `AWS_ENDPOINT_URL_SSM` or `AWS_ENDPOINT_URL`.
    /// - Parameter environment: The variables, usually the process's.
    /// - Throws: ``AWSClientError`` when credentials or region are missing or the endpoint is invalid.
    public init(environment: [String: String]) throws(AWSClientError) {
        self.init(
            credentials: try AWSCredentials(environment: environment),
            configuration: try AWSServiceConfiguration(environment: environment, endpointVariable: Self.endpointVariable))
    }

    /// Reads one parameter (GetParameter).
    /// - Parameters:
    ///   - name: The name (`/app/key`), optionally with `:version` or `:label`, or the parameter's ARN.
    ///   - withDecryption: Decrypt a `SecureString` (true by default); otherwise its ciphertext is returned.
    /// - Returns: The parameter.
    /// - Throws: ``AWSServiceError`` (`ParameterNotFound`, `ParameterVersionNotFound`, `AccessDeniedException`, …),
    ///   ``AWSClientError``, or `HTTPClientError`.
    public func getParameter(_ name: String, withDecryption: Bool = true) async throws -> SSMParameter {
        guard !name.isEmpty else { throw AWSClientError.invalidArgument.with(message: "the parameter name is empty") }
        struct Input: Encodable { var Name: String; var WithDecryption: Bool }
        struct Output: Decodable { var Parameter: SSMParameter }
        return try await client.call("GetParameter", Input(Name: name, WithDecryption: withDecryption), as: Output.self).Parameter
    }

    /// Reads up to ten parameters in one call (GetParameters).
    /// - Parameters:
    ///   - names: One to ten names, as ``getParameter(_:withDecryption:)`` takes them.
    ///   - withDecryption: Decrypt `SecureString`s (true by default).
    /// - Returns: The parameters found, and the names SSM does not know.
    /// - Throws: ``AWSClientError/invalidArgument`` for no names or more than ten, ``AWSServiceError``,
    ///   ``AWSClientError``, or `HTTPClientError`.
    public func getParameters(_ names: [String], withDecryption: Bool = true) async throws
        -> (parameters: [SSMParameter], invalidNames: [String])
    {
        guard (1...Self.maxNamesPerCall).contains(names.count), !names.contains(where: \.isEmpty) else {
            throw AWSClientError.invalidArgument.with(
                message: "GetParameters takes 1 to \(Self.maxNamesPerCall) non-empty names, got \(names.count)")
        }
        struct Input: Encodable { var Names: [String]; var WithDecryption: Bool }
        struct Output: Decodable { var Parameters: [SSMParameter]?; var InvalidParameters: [String]? }
        let output = try await client.call("GetParameters", Input(Names: names, WithDecryption: withDecryption), as: Output.self)
        return (output.Parameters ?? [], output.InvalidParameters ?? [])
    }

    /// Creates or replaces a parameter (PutParameter).
    /// - Parameters:
    ///   - name: The name.
    ///   - value: The value.
    ///   - type: `String`, `StringList` or `SecureString`.
    ///   - overwrite: Replace an existing parameter; when false an existing one is an error.
    ///   - description: A description for people.
    /// - Returns: The parameter's new version.
    /// - Throws: ``AWSServiceError`` (`ParameterAlreadyExists` without `overwrite`, …), ``AWSClientError``, or
    ///   `HTTPClientError`.
    @discardableResult
    public func putParameter(
        _ name: String, value: String, type: SSMParameter.Kind = .string, overwrite: Bool = false, description: String? = nil
    ) async throws -> Int {
        struct Input: Encodable { var Name: String; var Value: String; var `Type`: String; var Overwrite: Bool; var Description: String? }
        struct Output: Decodable { var Version: Int }
        return try await client.call(
            "PutParameter",
            Input(Name: name, Value: value, Type: type.rawValue, Overwrite: overwrite, Description: description),
            as: Output.self
        ).Version
    }
}
