import FaceDetection
import Foundation
import Imaging
import Testing
import TestSupport

@Suite struct FaceDetectorTests {
    static let cascade = Result { try HaarCascade(contentsOf: Fixtures.frontalFaceAlt) }

    static func grayImage(_ name: String) throws -> (gray: [UInt8], width: Int, height: Int) {
        let image = try Image.decode(try TestData.data("faces/images/\(name)"))
        return (try image.grayPixels(), image.width, image.height)
    }

    @Test func rejectsBadArguments() throws {
        let detector = FaceDetector(cascade: try Self.cascade.get())
        let gray = [UInt8](repeating: 0, count: 100)
        let cases: [(() throws -> [Rectangle], String)] = [
            ({ try detector.detect(gray: gray, width: 10, height: 11) }, "gray pixels"),
            ({ try detector.detect(gray: gray, width: 0, height: 10) }, "image size"),
            ({ try detector.detect(gray: gray, width: 10, height: 10, scaleFactor: 1.0) }, "scaleFactor"),
            ({ try detector.detect(gray: gray, width: 10, height: 10, minSize: Size(width: -1, height: 0)) }, "minSize"),
        ]
        for (call, message) in cases {
            let error = try #require(throws: FaceDetectionError.self) { try call() }
            #expect(error.isInvalidArgument)
            #expect(error.description.contains(message), "\(error)")
        }
    }

    @Test func imageSmallerThanWindowFindsNothing() throws {
        let detector = FaceDetector(cascade: try Self.cascade.get())
        let gray = (0..<(19 * 40)).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        #expect(try detector.detect(gray: gray, width: 19, height: 40, minSize: Size(width: 0, height: 0)).isEmpty)
    }

    @Test func flatImageFindsNothing() throws {
        let detector = FaceDetector(cascade: try Self.cascade.get())
        let gray = [UInt8](repeating: 128, count: 200 * 150)
        #expect(try detector.detect(gray: gray, width: 200, height: 150, minNeighbors: 0).isEmpty)
    }

    /// The raw candidates, in order, do not depend on how many threads scan the levels.
    @Test func resultDoesNotDependOnThreadCount() throws {
        let cascade = try Self.cascade.get()
        let (gray, width, height) = try Self.grayImage("skimage_astronaut.png")
        let single = try FaceDetector(cascade: cascade, threadCount: 1)
            .detect(gray: gray, width: width, height: height, minNeighbors: 0)
        #expect(single.count == 41)  // OpenCV's raw candidate count for this image
        for threads in [2, 3, 8] {
            let multi = try FaceDetector(cascade: cascade, threadCount: threads)
                .detect(gray: gray, width: width, height: height, minNeighbors: 0)
            #expect(multi == single, "\(threads) threads")
        }
    }

    @Test func minSizeAndScaleFactorAreHonoured() throws {
        let detector = FaceDetector(cascade: try Self.cascade.get())
        let (gray, width, height) = try Self.grayImage("skimage_astronaut.png")
        let large = try detector.detect(gray: gray, width: width, height: height, minNeighbors: 0,
                                        minSize: Size(width: 150, height: 150))
        #expect(large.allSatisfy { $0.width >= 150 && $0.height >= 150 })
        let coarse = try detector.detect(gray: gray, width: width, height: height, scaleFactor: 1.3)
        #expect(coarse.count == 1)
    }

    @Test func availableProcessorsIsPositive() {
        #expect(FaceDetector.availableProcessors >= 1)
        #expect(FaceDetector(cascade: try! Self.cascade.get(), threadCount: 0).threadCount == 1)
    }
}
