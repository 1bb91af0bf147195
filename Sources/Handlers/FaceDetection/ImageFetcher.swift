import AWS
import HTTPClient

/// Downloads the image an event names: `http(s)` with GET, `s3://` with GetObject, both bounded in
/// size and time.
///
/// `http(s)` URLs come from callers, so their connections go through an ``AddressPolicy``: public
/// addresses only by default (no loopback — the Runtime API listens there —, no private range, no
/// link-local metadata service, no `user:pw@`), redirects included; a refusal is
/// ``FaceDetectionHandlerError/imageURLNotAllowed`` and says nothing of what was found there.
public struct ImageFetcher: Sendable {
    /// The largest download accepted, in bytes.
    public let maxBytes: Int
    private let web: HTTPClient
    private let s3: S3Client

    /// Creates a fetcher.
    /// - Parameters:
    ///   - credentials: Credentials for `s3://` sources.
    ///   - s3Configuration: Region and endpoint for `s3://` sources.
    ///   - maxBytes: The largest download, 10 MiB by default; a larger one is aborted.
    ///   - timeout: The longest a download may take, redirects included; 10 s by default.
    ///   - maxRedirects: Redirects followed for `http(s)` sources, 5 by default.
    ///   - addressPolicy: Where `http(s)` downloads may connect; public addresses only by default.
    public init(
        credentials: AWSCredentials, s3Configuration: S3Client.Configuration,
        maxBytes: Int = 10 << 20, timeout: Duration = .seconds(10), maxRedirects: Int = 5,
        addressPolicy: AddressPolicy = .publicOnly
    ) {
        self.maxBytes = maxBytes
        web = HTTPClient(configuration: .init(
            connectTimeout: min(timeout, .seconds(5)), timeout: timeout, maxResponseBodySize: maxBytes,
            redirects: .follow(max: maxRedirects), addressPolicy: addressPolicy))
        // S3 answers a wrong region with a 301 that must not be followed (the signature would not match).
        let s3Transport = HTTPClient(configuration: .init(
            connectTimeout: min(timeout, .seconds(5)), timeout: timeout, maxResponseBodySize: maxBytes, redirects: .none))
        s3 = S3Client(credentials: credentials, configuration: s3Configuration, httpClient: s3Transport)
    }

    /// Downloads the image.
    /// - Parameter source: Where it is.
    /// - Returns: Its bytes (possibly empty; decoding judges them).
    /// - Throws: ``FaceDetectionHandlerError`` `imageURLNotAllowed`, `imageNotFound`, `imageUnreachable`, `downloadTimedOut`,
    ///   `imageTooLarge`, `unsupportedScheme` (a redirect elsewhere), `invalidImageURL` or `downloadFailed`.
    public func fetch(_ source: ImageSource) async throws(FaceDetectionHandlerError) -> [UInt8] {
        switch source {
        case .web(let url):
            let response: HTTPResponse
            do {
                response = try await web.execute(HTTPRequest(url: url))
            } catch {
                throw mapped(error, source: url)
            }
            guard response.isSuccess else {
                // The status only: a redirect's target may be an address the caller should not learn.
                let detail = "\(url) answered HTTP \(response.status)"
                throw [404, 410].contains(response.status) ? .imageNotFound.with(message: detail) : .downloadFailed.with(message: detail)
            }
            return response.body
        case .s3(let bucket, let key):
            let name = "s3://\(bucket)/\(key)"
            do {
                return try await s3.getObject(bucket: bucket, key: key).body
            } catch let error as S3Error {
                let detail = "\(name): \(error.code) (HTTP \(error.status))\(error.message.isEmpty ? "" : ": \(error.message)")"
                throw ["NoSuchKey", "NoSuchBucket"].contains(error.code) || error.status == 404
                    ? .imageNotFound.with(message: detail) : .downloadFailed.with(message: detail)
            } catch let error as HTTPClientError {
                throw mapped(error, source: name)
            } catch let error as AWSClientError {
                throw .invalidImageURL.with(message: "\(name): \(error)")
            } catch {
                throw .downloadFailed.with(message: "\(name): \(error)")
            }
        }
    }

    /// Maps a transport error; curl's message already names the URL it was fetching.
    private func mapped(_ error: HTTPClientError, source: String) -> FaceDetectionHandlerError {
        let detail = error.message.isEmpty ? source : error.message.contains(source) ? error.message : "\(source): \(error.message)"
        switch error {
        case .addressNotAllowed: return .imageURLNotAllowed.with(message: source)
        case .responseTooLarge: return .imageTooLarge.with(message: "\(source) is larger than the \(maxBytes)-byte limit")
        case .timedOut: return .downloadTimedOut.with(message: detail)
        case .connectionFailed: return .imageUnreachable.with(message: detail)
        case .unsupportedScheme: return .unsupportedScheme.with(message: "a redirect left http(s): \(detail)")
        case .invalidURL: return .invalidImageURL.with(message: detail)
        case .tooManyRedirects: return .downloadFailed.with(message: "too many redirects: \(detail)")
        default: return .downloadFailed.with(message: "\(error)")
        }
    }
}
