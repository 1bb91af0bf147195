/// Builds one pyramid level straight into its integral images: OpenCV's INTER_LINEAR_EXACT resize of
/// the original gray image (8-bit fixed-point bilinear, no area averaging) fused with the sum and
/// sum-of-squares integrals, so the resized pixels are never stored.
///
/// Integrals are `UInt32` with wrapping arithmetic, as OpenCV's `int32` ones: a window difference is
/// always exact because a window's sum of squares is far below 2³².
struct IntegralPyramid {
    /// Per destination index along one axis: the two source indices and their 8-bit weights. Border
    /// entries repeat the edge index with weights 256/0, which gives exactly OpenCV's border formulas.
    struct AxisTaps {
        var first: [Int32]
        var second: [Int32]
        var firstWeight: [Int32]
        var secondWeight: [Int32]

        init(source: Int, destination: Int) {
            first = .init(repeating: 0, count: destination)
            second = first
            firstWeight = first
            secondWeight = first
            let scale = 1.0 / (Double(destination) / Double(source))
            for d in 0..<destination {
                let f = scale * (Double(d) + 0.5) - 0.5
                let i = f.rounded(.down)
                if i >= 0, source > 1, Int(i) < source - 1 {
                    let w1 = Int32(((f - i) * 256).rounded(.toNearestOrEven))
                    first[d] = Int32(i)
                    second[d] = Int32(i) + 1
                    firstWeight[d] = 256 - w1
                    secondWeight[d] = w1
                } else {
                    let edge = Int32((i >= 0 && source > 1) ? source - 1 : 0)
                    first[d] = edge
                    second[d] = edge
                    firstWeight[d] = 256
                    secondWeight[d] = 0
                }
            }
        }
    }

    /// Writes the `(width+1)×(height+1)` sum and squared-sum integrals of the gray image resized to
    /// `width×height` into `sum` and `squares` (row stride `width + 1`).
    static func build(
        gray: UnsafePointer<UInt8>, sourceWidth: Int, sourceHeight: Int,
        width: Int, height: Int,
        sum: UnsafeMutablePointer<UInt32>, squares: UnsafeMutablePointer<UInt32>,
        rowScratch: UnsafeMutablePointer<Int32>
    ) {
        let stride = width + 1
        sum.update(repeating: 0, count: stride)
        squares.update(repeating: 0, count: stride)
        let identity = width == sourceWidth && height == sourceHeight

        let xTaps = AxisTaps(source: sourceWidth, destination: width)
        let yTaps = AxisTaps(source: sourceHeight, destination: height)
        // Two cached horizontal passes, keyed by source row.
        let rows = (rowScratch, rowScratch + width)
        var cachedRow = (-1, -1)

        xTaps.first.withUnsafeBufferPointer { x0 in
        xTaps.second.withUnsafeBufferPointer { x1 in
        xTaps.firstWeight.withUnsafeBufferPointer { xw0 in
        xTaps.secondWeight.withUnsafeBufferPointer { xw1 in
            func horizontal(_ sourceRow: Int, into out: UnsafeMutablePointer<Int32>) {
                let p = gray + sourceRow * sourceWidth
                for d in 0..<width {
                    out[d] = xw0[d] &* Int32(p[Int(x0[d])]) &+ xw1[d] &* Int32(p[Int(x1[d])])
                }
            }
            func cachedHorizontal(_ sourceRow: Int) -> UnsafeMutablePointer<Int32> {
                if cachedRow.0 == sourceRow { return rows.0 }
                if cachedRow.1 == sourceRow { return rows.1 }
                // Replace the slot not holding the other row needed now (rows are visited in order).
                if cachedRow.0 < cachedRow.1 {
                    cachedRow.0 = sourceRow
                    horizontal(sourceRow, into: rows.0)
                    return rows.0
                }
                cachedRow.1 = sourceRow
                horizontal(sourceRow, into: rows.1)
                return rows.1
            }

            for y in 0..<height {
                let above = sum + y * stride
                let aboveSquares = squares + y * stride
                let row = above + stride
                let rowSquares = aboveSquares + stride
                row[0] = 0
                rowSquares[0] = 0
                var runningSum: UInt32 = 0
                var runningSquares: UInt32 = 0
                @inline(__always) func accumulate(_ x: Int, _ pixel: UInt32) {
                    runningSum &+= pixel
                    runningSquares &+= pixel &* pixel
                    row[x + 1] = above[x + 1] &+ runningSum
                    rowSquares[x + 1] = aboveSquares[x + 1] &+ runningSquares
                }
                if identity {
                    let p = gray + y * sourceWidth
                    for x in 0..<width { accumulate(x, UInt32(p[x])) }
                } else {
                    let top = Int(yTaps.first[y]), bottom = Int(yTaps.second[y])
                    let wy0 = yTaps.firstWeight[y], wy1 = yTaps.secondWeight[y]
                    let h0 = cachedHorizontal(top)
                    let h1 = top == bottom ? h0 : cachedHorizontal(bottom)
                    for x in 0..<width {
                        let value = (wy0 &* h0[x] &+ wy1 &* h1[x] &+ 32768) >> 16
                        accumulate(x, UInt32(truncatingIfNeeded: value))
                    }
                }
            }
        }}}}
    }
}
