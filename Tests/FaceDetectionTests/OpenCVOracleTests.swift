import FaceDetection
import Foundation
import Testing
import TestSupport

/// Runs Debian's python3-opencv (a test oracle, never a dependency) on images generated from the
/// shared ones (crops, scales, rotations, noise, contrast) and expects our boxes to equal OpenCV's for
/// three cascades: frontalface_alt grouped and raw (stumps), alt2 (small trees) and default (24×24,
/// negative thresholds). Skipped where `/usr/bin/python3` cannot import cv2.
@Suite(.enabled(if: OracleProcess.isAvailable, "needs Debian's python3-opencv"))
struct OpenCVOracleTests {
    static let python = OracleProcess.python

    struct Case: Decodable, Sendable {
        var name: String
        var width: Int
        var height: Int
        var scaleFactor: Double
        var minNeighbors: Int
        var minSize: Int
        var boxes: [String: [[Int]]]
    }

    /// The generated images and OpenCV's answers, made once per test run.
    static let oracle: Result<(URL, [Case]), any Error> = Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("opencv-oracle-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = Repository.root.appendingPathComponent("Tests/FaceDetectionTests/Oracle/opencv_oracle.py")
        let status = OracleProcess.run([python, script.path, Fixtures.images.path, directory.path])
        guard status == 0 else { throw CocoaError(.executableLoad) }
        let manifest = try Data(contentsOf: directory.appendingPathComponent("manifest.json"))
        return (directory, try JSONDecoder().decode([Case].self, from: manifest))
    }

    static let cascades: [String: HaarCascade] = {
        var cascades: [String: HaarCascade] = [:]
        for name in ["alt", "alt2", "default"] {
            cascades[name] = try? HaarCascade(contentsOf: "\(Fixtures.cascades)/haarcascade_frontalface_\(name).xml")
        }
        return cascades
    }()

    @Test func generatedImagesMatchOpenCV() throws {
        let (directory, cases) = try Self.oracle.get()
        #expect(cases.count >= 10)
        #expect(cases.reduce(0) { $0 + ($1.boxes["alt_raw"]?.count ?? 0) } > 100)  // the test has candidates to compare
        for item in cases {
            let gray = [UInt8](try Data(contentsOf: directory.appendingPathComponent("\(item.name).gray")))
            for (key, expected) in item.boxes.sorted(by: { $0.key < $1.key }) {
                let cascadeName = key == "alt_raw" ? "alt" : key
                let cascade = try #require(Self.cascades[cascadeName])
                let found = try FaceDetector(cascade: cascade).detect(
                    gray: gray, width: item.width, height: item.height, scaleFactor: item.scaleFactor,
                    minNeighbors: key == "alt_raw" ? 0 : item.minNeighbors,
                    minSize: Size(width: item.minSize, height: item.minSize))
                let ours = found.map { [$0.x, $0.y, $0.width, $0.height] }
                    .sorted { $0.lexicographicallyPrecedes($1) }
                #expect(ours == expected, "\(item.name), \(key)")
            }
        }
    }
}

/// Runs the oracle's Python (Debian's, which has cv2).
enum OracleProcess {
    static let python = "/usr/bin/python3"
    static let isAvailable = FileManager.default.isExecutableFile(atPath: python) && run([python, "-c", "import cv2"]) == 0

    @discardableResult
    static func run(_ command: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        } catch {
            return -1
        }
    }
}
