/// Where the functions' AWS services are: the one decision, made once per command.
///
/// - `configured`: the user named an endpoint (`AWS_ENDPOINT_URL_S3` or `AWS_ENDPOINT_URL`, as the AWS SDKs read
///   them); the functions get the user's endpoint variables and nothing is started.
/// - `local`: lambda-local's own services (moto_server behind ``ServicesFront``) at `url`.
/// - `aws`: real AWS, only when asked (`--aws`).
public enum ServicesEndpoint: Sendable, Equatable {
    case configured(variable: String, url: String)
    case local(url: String)
    case aws

    /// What a command should do before it runs functions.
    public enum Choice: Sendable, Equatable {
        /// Use the endpoint the environment names.
        case configured(variable: String, url: String)
        /// Start (or reuse) lambda-local's own services.
        case startLocal
        /// Talk to AWS.
        case aws
    }

    /// The variable the emulator sets for functions when their S3 is local: the S3 endpoint a browser or the AWS
    /// CLI reaches, so that URLs a function returns (faceDetection's) name the local S3, not AWS's domain.
    public static let localS3Variable = "LAMBDA_LOCAL_S3_URL"

    /// Decides where the services are: an endpoint variable wins, then `--aws`, else the local services.
    /// - Parameters:
    ///   - environment: The variables, usually this process's.
    ///   - aws: Whether the user asked for real AWS.
    public static func choose(environment: [String: String], aws: Bool) -> Choice {
        if let named = configuredEndpoint(in: environment) { return .configured(variable: named.variable, url: named.url) }
        return aws ? .aws : .startLocal
    }

    /// The S3 endpoint the environment names, as the AWS SDKs (and the functions) choose it:
    /// `AWS_ENDPOINT_URL_S3`, else `AWS_ENDPOINT_URL`; empty values count as unset.
    public static func configuredEndpoint(in environment: [String: String]) -> (variable: String, url: String)? {
        for variable in ["AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"] {
            if let url = environment[variable], !url.isEmpty { return (variable, url) }
        }
        return nil
    }

    /// The S3 endpoint buckets are created at; nil for AWS (lambda-local never creates buckets there).
    public var s3URL: String? {
        switch self {
        case .configured(_, let url), .local(let url): url
        case .aws: nil
        }
    }

    /// Variables every function gets: the endpoint variables (the user's, or `AWS_ENDPOINT_URL` for the local
    /// services, which covers S3, SQS, Secrets Manager and SSM) and ``localS3Variable``.
    /// - Parameter environment: This process's variables, whose `AWS_ENDPOINT_URL*` are passed on when configured.
    public func functionEnvironment(from environment: [String: String]) -> [String: String] {
        switch self {
        case .configured(_, let url):
            var variables = environment.filter { $0.key.hasPrefix("AWS_ENDPOINT_URL") && !$0.value.isEmpty }
            variables[Self.localS3Variable] = url
            return variables
        case .local(let url):
            return ["AWS_ENDPOINT_URL": url, Self.localS3Variable: url]
        case .aws:
            return [:]
        }
    }

    /// One line for the banner that says loudly which world the functions talk to.
    public var bannerLine: String {
        switch self {
        case .configured(let variable, let url):
            "AWS services: \(url) (from \(variable)); not started by lambda-local"
        case .local(let url):
            "AWS services: LOCAL at \(url) (moto: S3, SQS, Secrets Manager, SSM; in memory, gone when lambda-local stops)\n"
                + "  aws --endpoint-url \(url) s3 ls"
        case .aws:
            "AWS services: REAL AWS (--aws): functions read and write your account with the credentials below"
        }
    }
}
