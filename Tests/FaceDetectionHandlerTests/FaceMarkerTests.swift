import FaceDetection
import FaceDetectionHandler
import Imaging
import Testing

/// The pipeline without network or runtime: bytes in, boxes and JPEGs out.
@Suite struct FaceMarkerTests {
    static let marker: FaceMarker = {
        let cascade = try! HaarCascade(contentsOf: Fixtures.cascadePath)
        return FaceMarker(cascade: cascade)
    }()

    @Test(arguments: ["mpl_grace_hopper.jpg", "pillow_hopper_orientation_6.jpg", "skimage_astronaut.png"])
    func marksFacesWhereOpenCVFindsThem(name: String) throws {
        let reference = try Fixtures.reference(name)
        var timings = StepTimings()
        let outcome = try Self.marker.mark(try Fixtures.image(name), timings: &timings)

        #expect(Set(outcome.faces.map { [$0.x, $0.y, $0.width, $0.height] }) == reference.boxes)
        #expect(outcome.width == reference.width && outcome.height == reference.height)
        let rendered = try #require(outcome.rendered)

        let marked = try Image.decode(rendered.image)
        #expect(marked.format == .jpeg)
        #expect(marked.width == reference.width && marked.height == reference.height)
        for box in reference.boxes {
            let whiteness = try Outline.whiteness(of: rendered.image, box: box)
            #expect(whiteness.outline > 225, "outline of \(box) in \(name): \(whiteness)")
            #expect(whiteness.inside < whiteness.outline - 40, "inside of \(box) in \(name): \(whiteness)")
        }

        let thumbnail = try Image.decode(rendered.thumbnail)
        #expect(thumbnail.format == .jpeg)
        #expect(max(thumbnail.width, thumbnail.height) == min(256, max(reference.width, reference.height)))
        let aspect = Double(reference.width) / Double(reference.height)
        #expect(abs(Double(thumbnail.width) / Double(thumbnail.height) - aspect) < 0.02)

        for step in [timings.decode, timings.detect, timings.draw, timings.encode] {
            #expect(step > .zero)
        }
        #expect(timings.download == .zero && timings.upload == .zero)
    }

    @Test(arguments: ["pillow_flower.jpg", "synth_gradient_1280x800.jpg"])
    func leavesFacelessImagesAlone(name: String) throws {
        #expect(try Fixtures.reference(name).boxes.isEmpty)
        var timings = StepTimings()
        let outcome = try Self.marker.mark(try Fixtures.image(name), timings: &timings)
        #expect(outcome.faces.isEmpty)
        #expect(outcome.rendered == nil)
        #expect(timings.decode > .zero && timings.detect > .zero)
        #expect(timings.draw == .zero && timings.encode == .zero)
    }

    @Test func thumbnailOfASmallImageKeepsItsSize() throws {
        var timings = StepTimings()
        let outcome = try Self.marker.mark(try Fixtures.image("pillow_hopper.jpg"), timings: &timings)
        let thumbnail = try Image.decode(try #require(outcome.rendered).thumbnail)
        #expect(thumbnail.width == 128 && thumbnail.height == 128)
    }

    @Test(arguments: [
        (Fixtures.text, FaceDetectionHandlerError.notAnImage),
        (Fixtures.svg, .notAnImage),
        ([], .notAnImage),
        (Fixtures.pngClaiming(width: 20_000, height: 20_000), .dimensionsTooLarge),
        (Fixtures.gif(frames: 20), .tooManyFrames),
    ])
    func refusesBadImages(bytes: [UInt8], expected: FaceDetectionHandlerError) throws {
        var timings = StepTimings()
        let error = #expect(throws: FaceDetectionHandlerError.self) { try Self.marker.mark(bytes, timings: &timings) }
        #expect(error == expected, "\(String(describing: error))")
        #expect(timings.detect == .zero)
    }

    @Test func refusesATruncatedImage() throws {
        var timings = StepTimings()
        let truncated = try Fixtures.truncatedJPEG()
        let error = #expect(throws: FaceDetectionHandlerError.self) { try Self.marker.mark(truncated, timings: &timings) }
        #expect(error == .corruptImage, "\(String(describing: error))")
        #expect(timings.detect == .zero)
    }
}
