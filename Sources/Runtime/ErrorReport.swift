/// The error document sent to `…/error` and `/runtime/init/error`.
struct ErrorReport: Equatable, Sendable {
    /// The error's type name, e.g. `Runtime.UnmarshalError` or a Swift type name.
    var errorType: String
    /// A readable message.
    var errorMessage: String

    /// Builds a report from any thrown error.
    init(_ error: any Error) {
        if let reportable = error as? any LambdaReportableError {
            errorType = reportable.errorType
        } else {
            errorType = String(describing: type(of: error))
        }
        errorMessage = String(describing: error)
    }

    init(errorType: String, errorMessage: String) {
        self.errorType = errorType
        self.errorMessage = errorMessage
    }

    /// The `Lambda-Runtime-Function-Error-Type` header: the error type when it is already in Lambda's
    /// `Category.Reason` form, else `Unhandled` as the managed runtimes send.
    var headerErrorType: String {
        let parts = errorType.split(separator: ".", omittingEmptySubsequences: false)
        let isCategoryReason = parts.count == 2 && (parts[0] == "Runtime" || parts[0] == "Function")
            && parts[1].first.map { $0.isUppercase && $0.isASCII } == true
            && parts[1].allSatisfy { $0.isASCII && $0.isLetter }
        return isCategoryReason ? errorType : "Unhandled"
    }

    /// `{"errorMessage":…,"errorType":…,"stackTrace":[]}`; Swift errors carry no stack trace.
    var json: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(errorMessage.utf8.count + errorType.utf8.count + 64)
        out.append(contentsOf: #"{"errorMessage":"#.utf8)
        JSONText.appendQuoted(errorMessage, to: &out)
        out.append(contentsOf: #","errorType":"#.utf8)
        JSONText.appendQuoted(errorType, to: &out)
        out.append(contentsOf: #","stackTrace":[]}"#.utf8)
        return out
    }
}
