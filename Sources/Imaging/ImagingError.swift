/// An error from decoding, processing or encoding an image.
///
/// Compare ``kind`` to tell failures apart (`error.kind == .tooLarge`); ``description`` explains the
/// failure with ImageMagick's own message where it gave one.
public struct ImagingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, without the details.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Code: Hashable, Sendable {
            case emptyInput, unsupportedFormat, tooLarge, tooMuchMetadata, tooManyFrames, corruptImage, operationFailed
        }

        private let code: Code

        /// The input had no bytes.
        public static let emptyInput = Kind(code: .emptyInput)
        /// The bytes are not JPEG, PNG, GIF, WebP or BMP (SVG, MSL, text and every other format are refused).
        public static let unsupportedFormat = Kind(code: .unsupportedFormat)
        /// The input or the image exceeds a limit: bytes, width, height, pixels or ImageMagick's resources.
        public static let tooLarge = Kind(code: .tooLarge)
        /// Text, profiles, APPn segments or extensions exceed their limits (``ImageLimits/maxMetadataBytes`` and
        /// its neighbours), or there are too many chunks or scans: what a decoder would allocate beyond the pixels.
        public static let tooMuchMetadata = Kind(code: .tooMuchMetadata)
        /// The image has more frames than allowed.
        public static let tooManyFrames = Kind(code: .tooManyFrames)
        /// The image data is truncated or damaged.
        public static let corruptImage = Kind(code: .corruptImage)
        /// An ImageMagick operation on a decoded image failed (drawing, resizing, encoding).
        public static let operationFailed = Kind(code: .operationFailed)

        /// A short name of the kind.
        public var description: String {
            switch code {
            case .emptyInput: "empty input"
            case .unsupportedFormat: "unsupported format"
            case .tooLarge: "too large"
            case .tooMuchMetadata: "too much metadata"
            case .tooManyFrames: "too many frames"
            case .corruptImage: "corrupt image"
            case .operationFailed: "operation failed"
            }
        }
    }

    /// What went wrong.
    public let kind: Kind
    /// Details: the limit that was hit, the format that was seen, or ImageMagick's message.
    public let detail: String

    init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// A readable explanation, e.g. `too large: 20000x20000 exceeds the 10000x10000 limit`.
    public var description: String { "\(kind): \(detail)" }
}
