import FaceDetection
import Foundation
import Testing

@Suite struct HaarCascadeTests {
    @Test func loadsFrontalFaceAlt() throws {
        let cascade = try HaarCascade(contentsOf: Fixtures.frontalFaceAlt)
        #expect(cascade.windowWidth == 20)
        #expect(cascade.windowHeight == 20)
        #expect(cascade.stageCount == 22)
        #expect(cascade.weakClassifierCount == 2135)
        #expect(cascade.featureCount == 2135)
        #expect(cascade.isStumpBased)
    }

    @Test func loadsSmallTrees() throws {
        let cascade = try HaarCascade(xml: Fixtures.cascadeXML("haarcascade_frontalface_alt2.xml"))
        #expect(cascade.stageCount == 20)
        #expect(cascade.weakClassifierCount == 1047)
        #expect(cascade.featureCount == 2094)
        #expect(!cascade.isStumpBased)
    }

    /// Every HAAR cascade Debian ships either loads or is refused as unsupported (tilted or old-style),
    /// never as malformed.
    @Test func debianCascadesLoadOrAreUnsupported() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.cascades).filter { $0.hasSuffix(".xml") }
        #expect(names.count == 17)
        var loaded: [String] = [], unsupported: [String] = []
        for name in names.sorted() {
            do {
                _ = try HaarCascade(xml: Fixtures.cascadeXML(name))
                loaded.append(name)
            } catch let error as FaceDetectionError {
                #expect(error.isUnsupportedCascade, "\(name): \(error)")
                unsupported.append(name)
            }
        }
        #expect(loaded.contains("haarcascade_frontalface_default.xml"))
        #expect(loaded.contains("haarcascade_profileface.xml"))
        #expect(unsupported.contains("haarcascade_licence_plate_rus_16stages.xml"))  // old-style
        #expect(unsupported.contains("haarcascade_smile.xml"))  // tilted features
    }

    @Test func unreadableFile() {
        #expect {
            try HaarCascade(contentsOf: "/nonexistent/cascade.xml")
        } throws: { ($0 as? FaceDetectionError)?.isUnreadableFile == true }
    }

    /// Cut anywhere, the file is refused as malformed and the message says it ended early.
    @Test(arguments: [1, 100, 3000, 3300, 100_000, 400_000, 676_000])
    func truncatedCascade(length: Int) throws {
        let xml = try Fixtures.cascadeXML()
        #expect(length < xml.count)
        let error = try #require(throws: FaceDetectionError.self) { try HaarCascade(xml: xml.prefix(length)) }
        #expect(error.isMalformedCascade, "\(error)")
        #expect(error.description.contains("unexpected end of document"), "\(error)")
    }

    @Test func emptyCascade() throws {
        let error = try #require(throws: FaceDetectionError.self) { try HaarCascade(xml: [UInt8]()) }
        #expect(error.isMalformedCascade)
        #expect(error.description.contains("no root element"), "\(error)")
    }

    static let malformedCases: [(String, String, String)] = [
        ("garbage", "not xml at all", "text outside the root element"),
        ("mismatched", "<opencv_storage><cascade></opencv_storage>", "does not match"),
        ("entity", "<opencv_storage>&amp;</opencv_storage>", "entity"),
        ("doctype", "<!DOCTYPE x><opencv_storage/>", "DOCTYPE"),
        ("unterminated comment", "<!-- <opencv_storage/>", "unterminated comment"),
        ("two roots", "<opencv_storage/><opencv_storage/>", "content after the root element"),
        ("wrong root", "<storage/>", "expected <opencv_storage>"),
        ("no cascade", "<opencv_storage/>", "no <cascade>"),
    ]

    @Test(arguments: malformedCases)
    func malformedDocuments(name: String, xml: String, message: String) throws {
        let error = try #require(throws: FaceDetectionError.self) { try HaarCascade(xml: Array(xml.utf8)) }
        #expect(error.isMalformedCascade, "\(name): \(error)")
        #expect(error.description.contains(message), "\(name): \(error)")
    }

    /// Edits of the real file that keep it well-formed XML but make the cascade invalid.
    static let invalidEdits: [(String, String, String, String)] = [
        ("feature index out of range", "0 -1 0 4.0141958743333817e-03", "0 -1 5000 4.0141958743333817e-03", "feature index 5000"),
        ("rect outside window", "3 7 14 4 -1.", "3 7 18 4 -1.", "outside the 20x20 window"),
        ("not a number", "8.2268941402435303e-01", "eight", "is not a number"),
        ("stage count", "<stageNum>22</stageNum>", "<stageNum>23</stageNum>", "stageNum is 23"),
        ("leaf count", "3.3794190734624863e-02 8.3781069517135620e-01", "3.3794190734624863e-02", "need 2 leafValues"),
        ("node link", "0 -1 1 1.5151339583098888e-02", "0 1 1 1.5151339583098888e-02", "node link 1 out of range"),
        ("weak count", "<maxWeakCount>3</maxWeakCount>", "<maxWeakCount>4</maxWeakCount>", "maxWeakCount 4"),
        ("missing features", "<features>", "<notfeatures>", "does not match"),
        ("LBP", "<featureType>HAAR</featureType>", "<featureType>LBP</featureType>", "featureType LBP"),
    ]

    @Test(arguments: invalidEdits)
    func invalidCascades(name: String, original: String, replacement: String, message: String) throws {
        let text = String(decoding: try Fixtures.cascadeXML(), as: UTF8.self)
        let range = try #require(text.range(of: original), "\(name): original text not found")
        let edited = text.replacingCharacters(in: range, with: replacement)
        let error = try #require(throws: FaceDetectionError.self) { try HaarCascade(xml: Array(edited.utf8)) }
        #expect(error.description.contains(message), "\(name): \(error)")
        #expect(error.isMalformedCascade || error.isUnsupportedCascade, "\(name): \(error)")
    }

    @Test func tiltedFeatureIsUnsupported() throws {
        let text = String(decoding: try Fixtures.cascadeXML(), as: UTF8.self)
        let range = try #require(text.range(of: "3 9 14 2 2.</_></rects>"))
        let edited = text.replacingCharacters(in: range, with: "3 9 14 2 2.</_></rects><tilted>1</tilted>")
        let error = try #require(throws: FaceDetectionError.self) { try HaarCascade(xml: Array(edited.utf8)) }
        #expect(error.isUnsupportedCascade)
        #expect(error.description.contains("tilted"))
    }
}
