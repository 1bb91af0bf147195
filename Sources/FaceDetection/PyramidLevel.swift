/// One scale of the detection pyramid: the factor OpenCV stores (Float), the resized image size and
/// the scan step.
struct PyramidLevel: Sendable {
    var scale: Float
    var width: Int
    var height: Int
    /// 2 pyramid pixels below factor 2, 1 from factor 2 on (as OpenCV 4.6).
    var step: Int

    /// Window positions this level scans before the first-stage skip: its share of the work.
    func positions(window: Size) -> Int {
        let columns = width + 1 - window.width, rows = height + 1 - window.height
        guard columns > 0, rows > 0 else { return 0 }
        return ((columns + step - 1) / step) * ((rows + step - 1) / step)
    }

    /// The levels OpenCV's `detectMultiScale` scans for an image, smallest factor first. `maxSize` is
    /// the image size.
    static func levels(imageWidth: Int, imageHeight: Int, window: Size, scaleFactor: Double, minSize: Size)
        -> [PyramidLevel]
    {
        var levels: [PyramidLevel] = []
        var factor = 1.0
        while true {
            let windowWidth = Int((Double(window.width) * factor).rounded(.toNearestOrEven))
            let windowHeight = Int((Double(window.height) * factor).rounded(.toNearestOrEven))
            if windowWidth > imageWidth || windowHeight > imageHeight { break }
            if windowWidth >= minSize.width, windowHeight >= minSize.height {
                let scale = Float(factor)
                levels.append(PyramidLevel(
                    scale: scale,
                    width: roundToInt(Float(imageWidth) / scale),
                    height: roundToInt(Float(imageHeight) / scale),
                    step: scale >= 2 ? 1 : 2))
            }
            factor *= scaleFactor
        }
        return levels
    }
}
