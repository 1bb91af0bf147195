/// Where an image comes from, parsed from the event's `imageUrl`.
public enum ImageSource: Sendable, Equatable {
    /// An `http` or `https` URL, fetched with GET.
    case web(url: String)
    /// An S3 object named `s3://bucket/key`, fetched with GetObject.
    case s3(bucket: String, key: String)

    /// Parses `imageUrl`.
    ///
    /// The scheme is matched without regard to case. An `s3://` key is taken as written (not
    /// percent-decoded, spaces allowed), as the AWS CLI takes it; an `http(s)` URL must be encoded already.
    /// - Parameter text: The `imageUrl` of the event.
    /// - Throws: ``FaceDetectionHandlerError/unsupportedScheme`` for another scheme (`ftp:`, `file:`,
    ///   `data:`, …), ``FaceDetectionHandlerError/invalidImageURL`` for an empty or malformed URL.
    public init(_ text: String) throws(FaceDetectionHandlerError) {
        guard !text.isEmpty else { throw .invalidImageURL.with(message: "imageUrl is empty") }
        if text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            throw .invalidImageURL.with(message: "'\(text)' holds a control character")
        }
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex,
              text[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }),
              text[..<colon].first!.isLetter
        else {
            throw .invalidImageURL.with(message: "'\(text)' is not an absolute URL (http://, https:// or s3://)")
        }
        let scheme = text[..<colon].lowercased()
        let rest = text[text.index(after: colon)...]
        guard rest.hasPrefix("//") else {
            if ["http", "https", "s3"].contains(scheme) {
                throw .invalidImageURL.with(message: "'\(text)' has no '//' after '\(scheme):'")
            }
            throw .unsupportedScheme.with(message: "'\(scheme):' in '\(text)'")
        }
        let afterSlashes = rest.dropFirst(2)
        switch scheme {
        case "http", "https":
            guard let host = afterSlashes.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first,
                  !host.isEmpty
            else {
                throw .invalidImageURL.with(message: "'\(text)' has no host")
            }
            guard !text.contains(" ") else {
                throw .invalidImageURL.with(message: "'\(text)' holds a space; percent-encode it (%20)")
            }
            self = .web(url: text)
        case "s3":
            guard let slash = afterSlashes.firstIndex(of: "/"), slash != afterSlashes.startIndex else {
                throw .invalidImageURL.with(message: "'\(text)' is not s3://bucket/key")
            }
            let key = afterSlashes[afterSlashes.index(after: slash)...]
            guard !key.isEmpty else { throw .invalidImageURL.with(message: "'\(text)' names no key") }
            self = .s3(bucket: String(afterSlashes[..<slash]), key: String(key))
        default:
            throw .unsupportedScheme.with(message: "'\(scheme)://' in '\(text)'")
        }
    }
}
