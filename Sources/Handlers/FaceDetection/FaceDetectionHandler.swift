import AWS
import FaceDetection
import FoundationEssentials
import LambdaRuntime
import Logging

/// The book's `faceDetection`: downloads the image `imageUrl` names, finds the faces, outlines them in
/// white, stores the marked JPEG and a thumbnail in S3, and answers where they are.
///
/// `{"imageUrl": "https://…/photo.jpg"}` (or `s3://bucket/key`) →
/// `{"faces": 1, "outputUrl": "https://…/tmp/20240101120000-<uuid>.jpg", "boxes": [[x, y, w, h]],
/// "thumbnailUrl": "https://…/thumbs/20240101120000-<uuid>.jpg"}`; with no face,
/// `{"faces": 0, "outputUrl": <imageUrl>}` and nothing is stored.
///
/// The cascade, the S3 clients and the download client are made once, at init. Each invocation logs
/// one line with its outcome and the time of each step (`downloadMs`, `decodeMs`, `detectMs`, `drawMs`,
/// `encodeMs`, `uploadMs`, `totalMs`). Every failure is a ``FaceDetectionHandlerError`` whose
/// `errorType` says what went wrong.
public struct FaceDetectionHandler: LambdaHandler {
    private let fetcher: ImageFetcher
    private let marker: FaceMarker
    private let store: OutputStore

    /// Creates the handler from the function's environment (see ``FaceDetectionSettings``; AWS
    /// credentials, region and `AWS_ENDPOINT_URL_S3` as the AWS SDKs read them).
    ///
    /// When the zip carries ImageMagick (`imagemagick/coders`, `imagemagick/config` under
    /// `LAMBDA_TASK_ROOT`), ImageMagick is pointed at them here, before it initialises.
    /// - Parameter environment: The environment, the process's by default.
    /// - Throws: ``FaceDetectionHandlerError/invalidConfiguration`` (no bucket, credentials or region),
    ///   ``FaceDetectionHandlerError/cascadeLoadFailed`` (cascade missing or malformed).
    public init(environment: [String: String] = ProcessEnvironment.all()) throws(FaceDetectionHandlerError) {
        let settings = try FaceDetectionSettings(environment: environment)
        settings.imageMagickPaths?.apply()
        let cascade: HaarCascade
        do {
            cascade = try HaarCascade(contentsOf: settings.cascadePath)
        } catch {
            throw .cascadeLoadFailed.with(message: "\(error) (set CASCADE_PATH, or ship \(FaceDetectionSettings.cascadeFileName) in the zip's root)")
        }
        let credentials: AWSCredentials, configuration: S3Client.Configuration
        do {
            credentials = try AWSCredentials(environment: environment)
            configuration = try S3Client.Configuration(environment: environment)
        } catch {
            throw .invalidConfiguration.with(message: "\(error)")
        }
        self.init(
            fetcher: ImageFetcher(
                credentials: credentials, s3Configuration: configuration, addressPolicy: settings.imageAddressPolicy),
            marker: FaceMarker(cascade: cascade),
            store: OutputStore(s3: S3Client(credentials: credentials, configuration: configuration), settings: settings))
    }

    /// Creates the handler from parts, for tests and embedding.
    /// - Parameters:
    ///   - fetcher: Downloads images.
    ///   - marker: Detects and marks faces.
    ///   - store: Stores the results.
    public init(fetcher: ImageFetcher, marker: FaceMarker, store: OutputStore) {
        self.fetcher = fetcher
        self.marker = marker
        self.store = store
    }

    /// Handles one invocation.
    /// - Throws: ``FaceDetectionHandlerError``.
    public func handle(_ event: FaceDetectionRequest, context: LambdaContext) async throws -> FaceDetectionResult {
        try await detectFaces(imageURL: event.imageURL, logger: context.logger)
    }

    /// Downloads, detects, marks and stores; logs one line with the step times.
    /// - Parameters:
    ///   - imageURL: `http(s)://…` or `s3://bucket/key`.
    ///   - now: The time the output's name is stamped with.
    ///   - logger: Receives the line.
    /// - Returns: The faces and where the marked image and thumbnail are, or `faces: 0` and the input URL.
    /// - Throws: ``FaceDetectionHandlerError``; nothing is left in the bucket when it throws.
    public func detectFaces(imageURL: String, now: Date = Date(), logger: Logger) async throws(FaceDetectionHandlerError)
        -> FaceDetectionResult
    {
        let start = ContinuousClock.now
        var timings = StepTimings()
        var metadata: Logger.Metadata = [:]
        do {
            let source = try ImageSource(imageURL)
            let bytes = try await timings.measure(\.download) { () async throws(FaceDetectionHandlerError) in
                try await fetcher.fetch(source)
            }
            metadata["bytes"] = "\(bytes.count)"
            let outcome = try marker.mark(bytes, timings: &timings)
            metadata["faces"] = "\(outcome.faces.count)"
            let found = "\(outcome.faces.count) \(outcome.faces.count == 1 ? "face" : "faces") in a \(outcome.width)x\(outcome.height) \(outcome.format.rawValue) of \(bytes.count) bytes"
            guard let rendered = outcome.rendered else {
                logger.info("\(found); nothing stored", metadata: metadata.merging(timings.metadata(total: ContinuousClock.now - start)) { $1 })
                return FaceDetectionResult(faces: 0, outputURL: imageURL)
            }
            let stored = try await timings.measure(\.upload) { () async throws(FaceDetectionHandlerError) in
                try await store.store(rendered, name: OutputStore.name(at: now), logger: logger)
            }
            logger.info(
                "\(found); stored \(stored.imageKey) and \(stored.thumbnailKey)",
                metadata: metadata.merging(timings.metadata(total: ContinuousClock.now - start)) { $1 })
            return FaceDetectionResult(
                faces: outcome.faces.count, outputURL: stored.imageURL,
                boxes: outcome.faces.map { [$0.x, $0.y, $0.width, $0.height] }, thumbnailURL: stored.thumbnailURL)
        } catch {
            logger.info("failed: \(error.errorType)", metadata: metadata.merging(timings.metadata(total: ContinuousClock.now - start)) { $1 })
            throw error
        }
    }
}
