/// A purge that cannot start: its settings are missing or unsafe.
///
/// Compare with the static members (`error == .emptyPrefix`); ``message`` carries the detail.
public struct PurgeError: Error, Equatable, CustomStringConvertible {
    private enum Code: Equatable {
        case missingBucket
        case emptyPrefix
        case invalidSetting
    }

    private let code: Code
    /// Which setting, and what was wrong with it.
    public let message: String

    private init(_ code: Code, _ message: String = "") {
        self.code = code
        self.message = message
    }

    /// No bucket in the event nor in `BUCKET`.
    public static let missingBucket = PurgeError(.missingBucket)
    /// The prefix is empty, which would purge the whole bucket, and `allowEmptyPrefix` is not set.
    public static let emptyPrefix = PurgeError(.emptyPrefix)
    /// An environment variable or event field has a value out of range or of the wrong form.
    public static let invalidSetting = PurgeError(.invalidSetting)

    func with(message: String) -> PurgeError {
        PurgeError(code, message)
    }

    /// Errors are equal when they are of the same kind, whatever their messages.
    public static func == (lhs: PurgeError, rhs: PurgeError) -> Bool {
        lhs.code == rhs.code
    }

    /// A readable description: the kind, then the detail.
    public var description: String {
        let kind = switch code {
        case .missingBucket: "no bucket: set BUCKET or pass \"bucket\" in the event"
        case .emptyPrefix: "refusing an empty prefix (it would purge the whole bucket); pass \"allowEmptyPrefix\": true to mean it"
        case .invalidSetting: "invalid setting"
        }
        return message.isEmpty ? "PurgeError: \(kind)" : "PurgeError: \(kind): \(message)"
    }
}
