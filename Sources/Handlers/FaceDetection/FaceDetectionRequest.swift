/// The event `faceDetection` accepts: `{"imageUrl": "https://example.com/photo.jpg"}`.
///
/// `imageUrl` is required and must be a string: `http(s)://…`, or `s3://bucket/key` for an object
/// the function may read. A missing or non-string `imageUrl` fails decoding (`Runtime.UnmarshalError`,
/// naming the field) before the handler runs.
public struct FaceDetectionRequest: Decodable, Sendable, Equatable {
    /// Where the image is.
    public var imageURL: String

    /// Creates a request.
    /// - Parameter imageURL: `http(s)://…` or `s3://bucket/key`.
    public init(imageURL: String) {
        self.imageURL = imageURL
    }

    private enum CodingKeys: String, CodingKey {
        case imageURL = "imageUrl"
    }
}
