/// An error that chooses the `errorType` reported to Lambda; others report their Swift type name.
public protocol LambdaReportableError: Error {
    /// The `errorType` field of the error sent to Lambda, e.g. `InvalidInput`.
    var errorType: String { get }
}

extension LambdaRuntimeError: LambdaReportableError {}
