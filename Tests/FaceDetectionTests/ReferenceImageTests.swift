import FaceDetection
import Foundation
import Imaging
import Testing
import TestSupport

/// The acceptance test: on every image of `reference.json`, gray decoded by our Imaging module and our
/// detector give exactly OpenCV 4.6's boxes (compared as sets), 
@Suite struct ReferenceImageTests {
    static let cascade = Result { try HaarCascade(contentsOf: Fixtures.frontalFaceAlt) }

    @Test(arguments: try Fixtures.references().map(\.name))
    func boxesEqualOpenCV(name: String) throws {
        let reference = try #require(try Fixtures.references().first { $0.name == name })
        let bytes = try TestData.data("faces/images/\(name)")
        let image = try Image.decode(bytes)
        #expect(image.width == reference.width)
        #expect(image.height == reference.height)
        let gray = try image.grayPixels()
        let cascade = try Self.cascade.get()
        // Thread-count independence has its own test (FaceDetectorTests); here the default threads.
        do {
            let faces = try FaceDetector(cascade: cascade)
                .detect(gray: gray, width: image.width, height: image.height,
                        scaleFactor: 1.1, minNeighbors: 5, minSize: Size(width: 30, height: 30))
            let found = Set(faces.map { [$0.x, $0.y, $0.width, $0.height] })
            #expect(faces.count == found.count, "duplicate boxes in \(faces)")
            #expect(found == reference.faces, "\(name)")
        }
    }
}
