import Foundation
import TestSupport

/// The face test data (`Tests/Fixtures/faces`, through `TestData`) and Debian's cascades.
enum Fixtures {
    static let images = TestData.faceImages
    static let cascades = "/usr/share/opencv4/haarcascades"
    static let frontalFaceAlt = "\(cascades)/haarcascade_frontalface_alt.xml"

    /// `reference.json`: OpenCV 4.6's boxes for each image.
    struct Reference {
        var name: String
        var faces: Set<[Int]>
        var width: Int
        var height: Int
    }

    static func references() throws -> [Reference] {
        let data = try TestData.data("faces/reference.json")
        let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        return object.keys.filter { !$0.hasPrefix("_") }.sorted().map { name in
            let entry = object[name] as! [String: Any]
            return Reference(
                name: name,
                faces: Set((entry["faces"] as! [[Int]])),
                width: entry["width"] as! Int,
                height: entry["height"] as! Int)
        }
    }

    static func cascadeXML(_ name: String = "haarcascade_frontalface_alt.xml") throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(cascades)/\(name)")))
    }
}
