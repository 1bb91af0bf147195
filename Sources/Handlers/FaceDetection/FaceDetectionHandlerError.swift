import LambdaRuntime

/// Why an invocation (or the function's init) failed; its ``errorType`` is what Lambda reports.
///
/// Compare with the static members (`error == .imageNotFound`); ``message`` carries the detail
/// (the URL, the status, the limit that was hit, what S3 said).
///
/// | errorType | when |
/// |---|---|
/// | `InvalidConfiguration` | init: no `BUCKET`, missing credentials or region, clashing prefixes |
/// | `CascadeLoadFailed` | init: the Haar cascade is missing, unreadable or malformed |
/// | `InvalidImageURL` | `imageUrl` is empty or not a URL (`s3://` without a key, a space in it) |
/// | `UnsupportedURLScheme` | `imageUrl` (or a redirect) is not `http`, `https` or `s3` |
/// | `ImageURLNotAllowed` | `imageUrl` (or a redirect) reaches a loopback, private, link-local or other special address, or holds `user:pw@` |
/// | `ImageNotFound` | HTTP 404 or 410; S3 `NoSuchKey` or `NoSuchBucket` |
/// | `ImageUnreachable` | the connection could not be made or broke off |
/// | `ImageDownloadTimedOut` | the download took longer than the time limit |
/// | `ImageDownloadFailed` | any other status, too many redirects, TLS trouble, S3 refusing the read |
/// | `ImageTooLarge` | the download is larger than the byte limit, or the image carries more metadata (text, profiles, APPn, extensions, scans) than allowed |
/// | `NotAnImage` | the bytes are empty or not JPEG, PNG, GIF, WebP or BMP (text, HTML, SVG, …) |
/// | `CorruptImage` | the image is truncated or damaged |
/// | `ImageDimensionsTooLarge` | the header declares more pixels than allowed (a decompression bomb) |
/// | `ImageTooManyFrames` | an animation with more frames than allowed |
/// | `ImageProcessingFailed` | detection, drawing, resizing or encoding failed |
/// | `S3UploadFailed` | storing the result failed (what was stored is deleted again) |
public struct FaceDetectionHandlerError: Error, Equatable, CustomStringConvertible, LambdaReportableError {
    private enum Code: Equatable {
        case invalidConfiguration
        case cascadeLoadFailed
        case invalidImageURL
        case unsupportedScheme
        case imageURLNotAllowed
        case imageNotFound
        case imageUnreachable
        case downloadTimedOut
        case downloadFailed
        case imageTooLarge
        case notAnImage
        case corruptImage
        case dimensionsTooLarge
        case tooManyFrames
        case processingFailed
        case uploadFailed
    }

    private let code: Code
    /// Detail for people: the URL, status, limit or S3 error.
    public let message: String

    private init(_ code: Code, _ message: String = "") {
        self.code = code
        self.message = message
    }

    /// A setting the function needs is missing or invalid (init).
    public static let invalidConfiguration = FaceDetectionHandlerError(.invalidConfiguration)
    /// The Haar cascade could not be found, read or parsed (init).
    public static let cascadeLoadFailed = FaceDetectionHandlerError(.cascadeLoadFailed)
    /// `imageUrl` is empty or not a well-formed URL.
    public static let invalidImageURL = FaceDetectionHandlerError(.invalidImageURL)
    /// `imageUrl`, or a redirect's target, uses a scheme other than `http`, `https` or `s3`.
    public static let unsupportedScheme = FaceDetectionHandlerError(.unsupportedScheme)
    /// `imageUrl`, or a redirect, leads to an address the function may not fetch from (see `IMAGE_URL_ALLOW`),
    /// or names a user; the message is the URL the caller gave and nothing found on the way.
    public static let imageURLNotAllowed = FaceDetectionHandlerError(.imageURLNotAllowed)
    /// The server answered 404 or 410, or S3 has no such key or bucket.
    public static let imageNotFound = FaceDetectionHandlerError(.imageNotFound)
    /// The server could not be reached, or the connection broke off.
    public static let imageUnreachable = FaceDetectionHandlerError(.imageUnreachable)
    /// The download did not finish within the time limit.
    public static let downloadTimedOut = FaceDetectionHandlerError(.downloadTimedOut)
    /// The download failed otherwise: an unexpected status, too many redirects, TLS, S3 access.
    public static let downloadFailed = FaceDetectionHandlerError(.downloadFailed)
    /// The download is larger than the byte limit.
    public static let imageTooLarge = FaceDetectionHandlerError(.imageTooLarge)
    /// The bytes are not an accepted image format.
    public static let notAnImage = FaceDetectionHandlerError(.notAnImage)
    /// The image data is truncated or damaged.
    public static let corruptImage = FaceDetectionHandlerError(.corruptImage)
    /// The image declares more pixels (or a longer side) than allowed: refused before decoding.
    public static let dimensionsTooLarge = FaceDetectionHandlerError(.dimensionsTooLarge)
    /// The image has more frames than allowed.
    public static let tooManyFrames = FaceDetectionHandlerError(.tooManyFrames)
    /// Detection, drawing, resizing or encoding failed.
    public static let processingFailed = FaceDetectionHandlerError(.processingFailed)
    /// Storing the marked image or its thumbnail in S3 failed.
    public static let uploadFailed = FaceDetectionHandlerError(.uploadFailed)

    /// The same kind of error with a detail message.
    func with(message: String) -> FaceDetectionHandlerError {
        FaceDetectionHandlerError(code, message)
    }

    /// Errors are equal when they are of the same kind, whatever their messages.
    public static func == (lhs: FaceDetectionHandlerError, rhs: FaceDetectionHandlerError) -> Bool {
        lhs.code == rhs.code
    }

    /// The `errorType` Lambda reports, e.g. `ImageNotFound`.
    public var errorType: String {
        switch code {
        case .invalidConfiguration: "InvalidConfiguration"
        case .cascadeLoadFailed: "CascadeLoadFailed"
        case .invalidImageURL: "InvalidImageURL"
        case .unsupportedScheme: "UnsupportedURLScheme"
        case .imageURLNotAllowed: "ImageURLNotAllowed"
        case .imageNotFound: "ImageNotFound"
        case .imageUnreachable: "ImageUnreachable"
        case .downloadTimedOut: "ImageDownloadTimedOut"
        case .downloadFailed: "ImageDownloadFailed"
        case .imageTooLarge: "ImageTooLarge"
        case .notAnImage: "NotAnImage"
        case .corruptImage: "CorruptImage"
        case .dimensionsTooLarge: "ImageDimensionsTooLarge"
        case .tooManyFrames: "ImageTooManyFrames"
        case .processingFailed: "ImageProcessingFailed"
        case .uploadFailed: "S3UploadFailed"
        }
    }

    /// A readable description: the kind, then the detail (the `errorMessage` Lambda reports).
    public var description: String {
        let kind = switch code {
        case .invalidConfiguration: "invalid configuration"
        case .cascadeLoadFailed: "cannot load the face cascade"
        case .invalidImageURL: "invalid imageUrl"
        case .unsupportedScheme: "unsupported URL scheme (only http, https and s3 are allowed)"
        case .imageURLNotAllowed: "image URL not allowed (it, or a redirect, leads to a private, loopback or link-local address, or names a user)"
        case .imageNotFound: "image not found"
        case .imageUnreachable: "image server unreachable"
        case .downloadTimedOut: "image download timed out"
        case .downloadFailed: "image download failed"
        case .imageTooLarge: "image too large"
        case .notAnImage: "not an image"
        case .corruptImage: "corrupt image"
        case .dimensionsTooLarge: "image dimensions too large"
        case .tooManyFrames: "too many frames"
        case .processingFailed: "image processing failed"
        case .uploadFailed: "cannot store the result in S3"
        }
        return message.isEmpty ? kind : "\(kind): \(message)"
    }
}
