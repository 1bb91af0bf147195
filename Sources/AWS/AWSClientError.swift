/// An error raised on our side of an AWS call: configuration, bad input, or a response we cannot read.
///
/// Errors that AWS itself answers with are ``S3Error``; transport failures are `HTTPClientError`.
/// Compare with the static members (`error == .missingRegion`); ``message`` carries the detail.
public struct AWSClientError: Error, Equatable, CustomStringConvertible {
    private enum Code: Equatable {
        case missingCredentials
        case missingRegion
        case invalidEndpoint
        case invalidBucketName
        case invalidKey
        case invalidArgument
        case malformedResponse
    }

    private let code: Code
    /// Detail for people: which variable, which key, what was unexpected.
    public let message: String

    private init(_ code: Code, _ message: String = "") {
        self.code = code
        self.message = message
    }

    /// `AWS_ACCESS_KEY_ID` or `AWS_SECRET_ACCESS_KEY` is missing.
    public static let missingCredentials = AWSClientError(.missingCredentials)
    /// Neither `AWS_REGION` nor `AWS_DEFAULT_REGION` is set.
    public static let missingRegion = AWSClientError(.missingRegion)
    /// The endpoint URL is not an `http(s)://host[:port]` URL.
    public static let invalidEndpoint = AWSClientError(.invalidEndpoint)
    /// The bucket name is empty or holds characters a bucket name cannot.
    public static let invalidBucketName = AWSClientError(.invalidBucketName)
    /// An object key is empty or too long.
    public static let invalidKey = AWSClientError(.invalidKey)
    /// Another argument is out of range (for example more than 1,000 keys for one DeleteObjects).
    public static let invalidArgument = AWSClientError(.invalidArgument)
    /// A response could not be understood (not the XML the operation returns).
    public static let malformedResponse = AWSClientError(.malformedResponse)

    func with(message: String) -> AWSClientError {
        AWSClientError(code, message)
    }

    /// Errors are equal when they are of the same kind, whatever their messages.
    public static func == (lhs: AWSClientError, rhs: AWSClientError) -> Bool {
        lhs.code == rhs.code
    }

    /// A readable description: the kind, then the detail.
    public var description: String {
        let kind = switch code {
        case .missingCredentials: "missing credentials"
        case .missingRegion: "missing region (set AWS_REGION)"
        case .invalidEndpoint: "invalid endpoint URL"
        case .invalidBucketName: "invalid bucket name"
        case .invalidKey: "invalid object key"
        case .invalidArgument: "invalid argument"
        case .malformedResponse: "malformed response"
        }
        return message.isEmpty ? "AWSClientError: \(kind)" : "AWSClientError: \(kind): \(message)"
    }
}
