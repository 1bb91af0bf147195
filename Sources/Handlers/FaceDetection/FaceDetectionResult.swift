/// What `faceDetection` answers.
///
/// With faces: `{"faces": 2, "outputUrl": "https://…/tmp/….jpg", "boxes": [[x, y, w, h], …],
/// "thumbnailUrl": "https://…/thumbs/….jpg"}`. Without: `{"faces": 0, "outputUrl": <the imageUrl>}`,
/// as the book's function answers, and nothing is stored.
public struct FaceDetectionResult: Codable, Sendable, Equatable {
    /// How many faces were found.
    public var faces: Int
    /// The marked image's URL, or the input URL when no face was found.
    public var outputURL: String
    /// Each face as `[x, y, width, height]` in pixels of the upright image; absent when none was found.
    public var boxes: [[Int]]?
    /// The thumbnail's URL; absent when no face was found.
    public var thumbnailURL: String?

    /// Creates a result.
    /// - Parameters:
    ///   - faces: How many faces were found.
    ///   - outputURL: The marked image's URL, or the input URL.
    ///   - boxes: The faces as `[x, y, width, height]`.
    ///   - thumbnailURL: The thumbnail's URL.
    public init(faces: Int, outputURL: String, boxes: [[Int]]? = nil, thumbnailURL: String? = nil) {
        self.faces = faces
        self.outputURL = outputURL
        self.boxes = boxes
        self.thumbnailURL = thumbnailURL
    }

    private enum CodingKeys: String, CodingKey {
        case faces
        case outputURL = "outputUrl"
        case boxes
        case thumbnailURL = "thumbnailUrl"
    }
}
