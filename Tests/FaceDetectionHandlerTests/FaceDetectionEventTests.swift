import FaceDetectionHandler
import Foundation
import Testing
import TestSupport

@Suite struct FaceDetectionEventTests {
    @Test(arguments: [
        ("faceDetection.json", ImageSource.web(url: "https://raw.githubusercontent.com/scikit-image/scikit-image/v0.19.3/skimage/data/astronaut.png")),
        ("faceDetection-s3.json", .s3(bucket: "my-photos", key: "uploads/team.jpg")),
    ])
    func sampleEventsDecode(file: String, source: ImageSource) throws {
        let request = try JSONDecoder().decode(FaceDetectionRequest.self, from: Repository.event(file))
        #expect(try ImageSource(request.imageURL) == source)
    }

    @Test func resultsHaveTheBooksShape() throws {
        func keys(_ result: FaceDetectionResult) throws -> Set<String> {
            let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as! [String: Any]
            return Set(object.keys)
        }
        #expect(try keys(FaceDetectionResult(faces: 0, outputURL: "https://a/b.jpg")) == ["faces", "outputUrl"])
        let found = FaceDetectionResult(faces: 1, outputURL: "https://o", boxes: [[1, 2, 3, 4]], thumbnailURL: "https://t")
        #expect(try keys(found) == ["faces", "outputUrl", "boxes", "thumbnailUrl"])
        #expect(try JSONDecoder().decode(FaceDetectionResult.self, from: JSONEncoder().encode(found)) == found)
    }

    @Test func errorTypesAreDistinct() {
        let errors: [FaceDetectionHandlerError] = [
            .invalidConfiguration, .cascadeLoadFailed, .invalidImageURL, .unsupportedScheme, .imageNotFound,
            .imageUnreachable, .downloadTimedOut, .downloadFailed, .imageTooLarge, .notAnImage, .corruptImage,
            .dimensionsTooLarge, .tooManyFrames, .processingFailed, .uploadFailed,
        ]
        #expect(Set(errors.map(\.errorType)).count == errors.count)
        #expect(Set(errors.map(\.description)).count == errors.count)
    }

    @Test func millisecondsAreRoundedToTheMicrosecond() {
        #expect(StepTimings.milliseconds(.zero) == "0.000")
        #expect(StepTimings.milliseconds(.nanoseconds(1_249_499)) == "1.249")
        #expect(StepTimings.milliseconds(.nanoseconds(1_249_500)) == "1.250")
        #expect(StepTimings.milliseconds(.nanoseconds(42_000)) == "0.042")
        #expect(StepTimings.milliseconds(.seconds(2) + .microseconds(3_960)) == "2003.960")
    }
}
