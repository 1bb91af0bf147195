/// An error from loading a Haar cascade or from running detection.
public struct FaceDetectionError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case unreadableFile(path: String, reason: String)
        case malformedXML(line: Int, reason: String)
        case invalidCascade(String)
        case unsupportedCascade(String)
        case invalidArgument(String)
    }

    private let code: Code

    private init(_ code: Code) {
        self.code = code
    }

    /// The cascade file could not be read.
    static func unreadableFile(path: String, reason: String) -> Self {
        Self(.unreadableFile(path: path, reason: reason))
    }

    /// The cascade is not well-formed XML (truncated, mismatched tags, stray characters).
    static func malformedXML(line: Int, reason: String) -> Self {
        Self(.malformedXML(line: line, reason: reason))
    }

    /// The XML is well-formed but does not describe a valid cascade (missing elements, bad numbers,
    /// indices or rectangles out of range, counts that disagree).
    static func invalidCascade(_ reason: String) -> Self {
        Self(.invalidCascade(reason))
    }

    /// A valid cascade of a kind this detector does not run (old-style, LBP, tilted features).
    static func unsupportedCascade(_ reason: String) -> Self {
        Self(.unsupportedCascade(reason))
    }

    /// A detection argument is out of range (pixel count, scale factor, sizes).
    static func invalidArgument(_ reason: String) -> Self {
        Self(.invalidArgument(reason))
    }

    /// `true` for the errors that mean the cascade file itself is broken (malformed XML or invalid content).
    public var isMalformedCascade: Bool {
        switch code {
        case .malformedXML, .invalidCascade: true
        default: false
        }
    }

    /// `true` when the cascade is valid but of a kind this detector does not run.
    public var isUnsupportedCascade: Bool {
        if case .unsupportedCascade = code { true } else { false }
    }

    /// `true` when a detection argument was out of range.
    public var isInvalidArgument: Bool {
        if case .invalidArgument = code { true } else { false }
    }

    /// `true` when the cascade file could not be read.
    public var isUnreadableFile: Bool {
        if case .unreadableFile = code { true } else { false }
    }

    /// A readable explanation of the error.
    public var description: String {
        switch code {
        case .unreadableFile(let path, let reason):
            "cannot read cascade file \(path): \(reason)"
        case .malformedXML(let line, let reason):
            "malformed cascade XML at line \(line): \(reason)"
        case .invalidCascade(let reason):
            "invalid cascade: \(reason)"
        case .unsupportedCascade(let reason):
            "unsupported cascade: \(reason)"
        case .invalidArgument(let reason):
            "invalid detection argument: \(reason)"
        }
    }
}
