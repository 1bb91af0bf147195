import FaceDetection
import Imaging

/// Finds faces in an encoded image and, when there are some, outlines them in white and encodes the
/// result and a thumbnail as JPEG. No network, no S3: bytes in, bytes out.
///
/// Detection runs with the parameters the reference boxes were made with (`scaleFactor` 1.1,
/// `minNeighbors` 5, `minSize` 30×30), on the upright image (EXIF orientation applied).
public struct FaceMarker: Sendable {
    /// The detector (cascade and threads).
    public let detector: FaceDetector
    /// Limits every decode enforces.
    public var limits: ImageLimits
    /// Window growth between scales.
    public var scaleFactor = 1.1
    /// Neighbours a detection needs to be kept.
    public var minNeighbors = 5
    /// Smallest face considered, in pixels.
    public var minSize = Size(width: 30, height: 30)
    /// Thickness of the outlines in pixels.
    public var lineWidth = 2
    /// JPEG quality of both outputs.
    public var jpegQuality = 85
    /// Longest side of the thumbnail in pixels.
    public var thumbnailMaxSide = 256

    /// What ``mark(_:timings:)`` found and made.
    public struct Outcome: Sendable {
        /// The faces, in pixels of the upright image.
        public var faces: [Rectangle]
        /// The upright image's width.
        public var width: Int
        /// The upright image's height.
        public var height: Int
        /// The format the input was recognised as.
        public var format: ImageFormat
        /// The marked image and its thumbnail as JPEG; `nil` when no face was found (nothing is drawn or encoded).
        public var rendered: Rendered?
    }

    /// The JPEG outputs.
    public struct Rendered: Sendable {
        /// The image with white outlines around the faces.
        public var image: [UInt8]
        /// The marked image scaled to fit ``FaceMarker/thumbnailMaxSide``.
        public var thumbnail: [UInt8]

        /// Creates the outputs.
        /// - Parameters:
        ///   - image: The marked image as JPEG.
        ///   - thumbnail: The thumbnail as JPEG.
        public init(image: [UInt8], thumbnail: [UInt8]) {
            self.image = image
            self.thumbnail = thumbnail
        }
    }

    /// Creates a marker.
    /// - Parameters:
    ///   - cascade: The face cascade (`haarcascade_frontalface_alt.xml`).
    ///   - limits: Decode limits, ``ImageLimits/default`` unless given.
    ///   - threadCount: Threads per detection; by default the processors this process may run on.
    public init(cascade: HaarCascade, limits: ImageLimits = .default, threadCount: Int = FaceDetector.availableProcessors) {
        detector = FaceDetector(cascade: cascade, threadCount: threadCount)
        self.limits = limits
    }

    /// Decodes, detects, and marks.
    /// - Parameters:
    ///   - bytes: The encoded image.
    ///   - timings: Receives the decode, detect, draw and encode times.
    /// - Returns: The faces, the image's size and format, and the JPEGs when there were faces.
    /// - Throws: ``FaceDetectionHandlerError`` `notAnImage`, `corruptImage`, `dimensionsTooLarge`,
    ///   `tooManyFrames` or `processingFailed`.
    public func mark(_ bytes: [UInt8], timings: inout StepTimings) throws(FaceDetectionHandlerError) -> Outcome {
        let (image, gray) = try timings.measure(\.decode) { () throws(FaceDetectionHandlerError) in
            do throws(ImagingError) {
                let image = try Image.decode(bytes, limits: limits)
                return (image, try image.grayPixels())
            } catch {
                throw Self.decodeFailure(error)
            }
        }
        let width = image.width, height = image.height
        let faces = try timings.measure(\.detect) { () throws(FaceDetectionHandlerError) in
            do {
                return try detector.detect(
                    gray: gray, width: width, height: height, scaleFactor: scaleFactor, minNeighbors: minNeighbors,
                    minSize: minSize)
            } catch {
                throw .processingFailed.with(message: "detection: \(error)")
            }
        }
        var outcome = Outcome(faces: faces, width: width, height: height, format: image.format)
        guard !faces.isEmpty else { return outcome }

        try timings.measure(\.draw) { () throws(FaceDetectionHandlerError) in
            do {
                try image.drawRectangles(faces.map { PixelRect(x: $0.x, y: $0.y, width: $0.width, height: $0.height) },
                                         lineWidth: lineWidth)
            } catch {
                throw .processingFailed.with(message: "drawing: \(error)")
            }
        }
        outcome.rendered = try timings.measure(\.encode) { () throws(FaceDetectionHandlerError) in
            do {
                let marked = try image.jpegData(quality: jpegQuality)
                let thumbnail = try image.thumbnail(maxSide: thumbnailMaxSide).jpegData(quality: jpegQuality)
                return Rendered(image: marked, thumbnail: thumbnail)
            } catch {
                throw .processingFailed.with(message: "encoding: \(error)")
            }
        }
        return outcome
    }

    private static func decodeFailure(_ error: ImagingError) -> FaceDetectionHandlerError {
        switch error.kind {
        case .emptyInput, .unsupportedFormat: .notAnImage.with(message: error.detail)
        case .corruptImage: .corruptImage.with(message: error.detail)
        case .tooLarge: .dimensionsTooLarge.with(message: error.detail)
        case .tooMuchMetadata: .imageTooLarge.with(message: error.detail)
        case .tooManyFrames: .tooManyFrames.with(message: error.detail)
        default: .processingFailed.with(message: "decoding: \(error)")
        }
    }
}
