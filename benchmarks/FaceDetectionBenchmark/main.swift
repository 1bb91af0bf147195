// Times FaceDetector.detect on images decoded by Imaging: one thread and all processors, median of
// `--repeat` runs after a warm-up, detection only (decode and gray conversion excluded, as OpenCV's
// reference timings). Prints one JSON object per image; benchmarks/face_detection.py compares these
// with OpenCV's detectMultiScale in the same run.
import FaceDetection
import Foundation
import Imaging

var arguments = Array(CommandLine.arguments.dropFirst())
var repeats = 9
var cascadePath = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_alt.xml"
var paths: [String] = []
var onlyThreads: Int?
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--repeat": repeats = Int(arguments.removeFirst())!
    case "--cascade": cascadePath = arguments.removeFirst()
    case "--threads": onlyThreads = Int(arguments.removeFirst())!  // one configuration only (e.g. under callgrind)
    default: paths.append(argument)
    }
}
guard !paths.isEmpty else {
    FileHandle.standardError.write("usage: FaceDetectionBenchmark [--repeat N] [--threads N] [--cascade XML] IMAGE...\n".data(using: .utf8)!)
    exit(2)
}

let clock = ContinuousClock()
func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

let loadStart = clock.now
let cascade = try HaarCascade(contentsOf: cascadePath)
let loadMilliseconds = milliseconds(clock.now - loadStart)

for path in paths {
    let image = try Image.decode(try Data(contentsOf: URL(fileURLWithPath: path)))
    let gray = try image.grayPixels()
    var result: [String: Any] = [
        "image": URL(fileURLWithPath: path).lastPathComponent,
        "width": image.width, "height": image.height, "cascadeLoadMs": loadMilliseconds,
    ]
    let configurations = onlyThreads.map { [("ms\($0)", $0)] } ?? [("ms1", 1), ("msAll", FaceDetector.availableProcessors)]
    for (key, threads) in configurations {
        let detector = FaceDetector(cascade: cascade, threadCount: threads)
        var faces = try detector.detect(gray: gray, width: image.width, height: image.height)
        var samples: [Double] = []
        for _ in 0..<repeats {
            let start = clock.now
            faces = try detector.detect(gray: gray, width: image.width, height: image.height)
            samples.append(milliseconds(clock.now - start))
        }
        result[key] = samples.sorted()[samples.count / 2]
        result["threads"] = threads
        result["faces"] = faces.map { [$0.x, $0.y, $0.width, $0.height] }.sorted { $0.lexicographicallyPrecedes($1) }
    }
    let line = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
    print(String(decoding: line, as: UTF8.self))
}
