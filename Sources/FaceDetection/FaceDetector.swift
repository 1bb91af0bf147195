import Dispatch
import Synchronization

/// Viola–Jones face detection that reproduces OpenCV 4.6's `CascadeClassifier::detectMultiScale`
/// box for box (same pyramid, scan, normalisation, stage order, grouping and clipping).
///
/// Scales are independent, so they are spread over `threadCount` threads; the candidates are merged
/// in scale order, so the result never depends on the thread count.
public struct FaceDetector: Sendable {
    /// The cascade this detector runs.
    public let cascade: HaarCascade
    /// How many threads one detection uses.
    public let threadCount: Int

    /// Creates a detector.
    /// - Parameters:
    ///   - cascade: A loaded cascade, e.g. `haarcascade_frontalface_alt.xml`.
    ///   - threadCount: Threads per detection; by default the processors this process may run on.
    public init(cascade: HaarCascade, threadCount: Int = FaceDetector.availableProcessors) {
        self.cascade = cascade
        self.threadCount = max(1, threadCount)
    }

    /// Detects objects (faces, for a face cascade) in an 8-bit gray image.
    ///
    /// The gray image must be computed as OpenCV's `cvtColor(BGR2GRAY)` does for identical results:
    /// `(R*9798 + G*19235 + B*3735 + 16384) >> 15`.
    /// - Parameters:
    ///   - gray: `width * height` pixels, row by row, no padding.
    ///   - width: Image width in pixels.
    ///   - height: Image height in pixels.
    ///   - scaleFactor: Growth of the window from one scale to the next (> 1; OpenCV's default 1.1).
    ///   - minNeighbors: Candidates a group needs beyond this number to be kept; 0 returns the raw
    ///     candidates ungrouped.
    ///   - minSize: Smallest window considered.
    /// - Returns: The detected rectangles, clipped to the image.
    /// - Throws: ``FaceDetectionError`` when the pixel count does not match the size, or an argument is
    ///   out of range.
    public func detect(
        gray: [UInt8], width: Int, height: Int,
        scaleFactor: Double = 1.1, minNeighbors: Int = 5, minSize: Size = Size(width: 30, height: 30)
    ) throws(FaceDetectionError) -> [Rectangle] {
        guard width > 0, height > 0, width <= Int(Int32.max) / height else {
            throw .invalidArgument("image size \(width)x\(height)")
        }
        guard gray.count == width * height else {
            throw .invalidArgument("\(gray.count) gray pixels for a \(width)x\(height) image (need \(width * height))")
        }
        guard scaleFactor > 1, scaleFactor.isFinite else {
            throw .invalidArgument("scaleFactor \(scaleFactor) must be greater than 1")
        }
        guard minSize.width >= 0, minSize.height >= 0 else {
            throw .invalidArgument("minSize \(minSize.width)x\(minSize.height) must not be negative")
        }
        let window = Size(width: cascade.windowWidth, height: cascade.windowHeight)
        let levels = PyramidLevel.levels(imageWidth: width, imageHeight: height, window: window,
                                         scaleFactor: scaleFactor, minSize: minSize)
        let candidates = gray.withUnsafeBufferPointer { pixels in
            scanLevels(levels, gray: pixels.baseAddress!, width: width, height: height)
        }
        let grouped = RectangleGrouping.group(candidates, minNeighbors: minNeighbors)
        let bounds = Rectangle(x: 0, y: 0, width: width, height: height)
        return grouped.compactMap { $0.intersection(bounds) }
    }

    /// Runs every level and returns all candidates in level order (independent of scheduling).
    private func scanLevels(_ levels: [PyramidLevel], gray: UnsafePointer<UInt8>, width: Int, height: Int)
        -> [Rectangle]
    {
        let window = Size(width: cascade.windowWidth, height: cascade.windowHeight)
        var perLevel = [[Rectangle]](repeating: [], count: levels.count)
        let workers = min(threadCount, levels.count)
        if workers <= 1 {
            let scanner = LevelScanner(cascade: cascade)
            for (index, level) in levels.enumerated() {
                perLevel[index] = scanner.scan(gray: gray, width: width, height: height, level: level)
            }
        } else {
            // Costliest levels first, handed out one at a time: the threads finish close together.
            let order = levels.indices.sorted { levels[$0].positions(window: window) > levels[$1].positions(window: window) }
            perLevel.withUnsafeMutableBufferPointer { results in
                let work = SharedWork(cascade: cascade, levels: levels, order: order, gray: gray,
                                      width: width, height: height, results: results)
                DispatchQueue.concurrentPerform(iterations: workers) { _ in work.run() }
            }
        }
        return perLevel.flatMap { $0 }
    }
}

/// The levels of one detection shared by its threads. Each thread takes the next level from an atomic
/// counter and writes only that level's slot of `results`; `gray` is read-only and outlives the call.
private final class SharedWork: @unchecked Sendable {
    let cascade: HaarCascade
    let levels: [PyramidLevel]
    let order: [Int]
    let gray: UnsafePointer<UInt8>
    let width: Int
    let height: Int
    let results: UnsafeMutableBufferPointer<[Rectangle]>
    let next = Atomic<Int>(0)

    init(cascade: HaarCascade, levels: [PyramidLevel], order: [Int], gray: UnsafePointer<UInt8>,
         width: Int, height: Int, results: UnsafeMutableBufferPointer<[Rectangle]>) {
        self.cascade = cascade
        self.levels = levels
        self.order = order
        self.gray = gray
        self.width = width
        self.height = height
        self.results = results
    }

    func run() {
        let scanner = LevelScanner(cascade: cascade)
        while true {
            let taken = next.add(1, ordering: .relaxed).oldValue
            guard taken < order.count else { return }
            let index = order[taken]
            results[index] = scanner.scan(gray: gray, width: width, height: height, level: levels[index])
        }
    }
}
