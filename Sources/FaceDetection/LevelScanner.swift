/// Scans every window position of one pyramid level with the cascade (OpenCV 4.6's
/// `CascadeClassifierInvoker` + `HaarEvaluator` + `predictOrderedStump`), reusing its buffers from level
/// to level. One scanner per thread.
///
/// Feature rectangles are bound to the level's row stride once per level, so the hot loop reads four
/// precomputed offsets per rectangle; numeric types and evaluation order follow OpenCV exactly (Float
/// feature values, Double stage sums, no fused multiply-add).
final class LevelScanner {
    /// A weak classifier node with its feature bound to one level: corner offsets (top-left, top-right,
    /// bottom-left, bottom-right) of up to three rectangles, their weights (0 when unused), the node
    /// threshold and, for stumps, the two leaf values.
    struct BoundNode {
        var a0: Int32, a1: Int32, a2: Int32, a3: Int32
        var b0: Int32, b1: Int32, b2: Int32, b3: Int32
        var c0: Int32, c1: Int32, c2: Int32, c3: Int32
        var w0: Float, w1: Float, w2: Float
        var threshold: Float
        var left: Float, right: Float
    }

    private let cascade: HaarCascade
    private let isStumpBased: Bool
    private let stageCount: Int
    /// Per stage: one past its last weak classifier, and its threshold (Float widened, as OpenCV compares).
    private let stageEnds: UnsafeMutablePointer<Int>
    private let stageThresholds: UnsafeMutablePointer<Double>
    private let nodes: UnsafeMutablePointer<BoundNode>
    private let nodeCount: Int
    private let templates: [NodeTemplate]
    private var boundStride = -1

    private var sum: UnsafeMutablePointer<UInt32>
    private var squares: UnsafeMutablePointer<UInt32>
    private var rowScratch: UnsafeMutablePointer<Int32>
    private var integralCapacity = 0
    private var rowCapacity = 0

    init(cascade: HaarCascade) {
        self.cascade = cascade
        isStumpBased = cascade.isStumpBased
        stageCount = cascade.stages.count
        stageEnds = .allocate(capacity: stageCount)
        stageThresholds = .allocate(capacity: stageCount)
        for (index, stage) in cascade.stages.enumerated() {
            stageEnds[index] = stage.classifiers.upperBound
            stageThresholds[index] = Double(stage.threshold)
        }
        nodeCount = cascade.nodes.count
        nodes = .allocate(capacity: nodeCount)
        templates = Self.prepare(cascade, into: nodes)
        sum = .allocate(capacity: 0)
        squares = .allocate(capacity: 0)
        rowScratch = .allocate(capacity: 0)
    }

    deinit {
        nodes.deallocate()
        stageEnds.deallocate()
        stageThresholds.deallocate()
        sum.deallocate()
        squares.deallocate()
        rowScratch.deallocate()
    }

    /// Returns the candidate rectangles (in original image coordinates) found at one scale.
    func scan(gray: UnsafePointer<UInt8>, width: Int, height: Int, level: PyramidLevel) -> [Rectangle] {
        let stride = level.width + 1
        reserve(integral: stride * (level.height + 1), row: 2 * level.width)
        IntegralPyramid.build(gray: gray, sourceWidth: width, sourceHeight: height,
                              width: level.width, height: level.height,
                              sum: sum, squares: squares, rowScratch: rowScratch)
        bind(stride: stride)

        let windowWidth = cascade.windowWidth, windowHeight = cascade.windowHeight
        let xEnd = level.width + 1 - windowWidth
        let yEnd = level.height + 1 - windowHeight
        guard xEnd > 0, yEnd > 0 else { return [] }
        let step = level.step
        let scale = level.scale
        let candidateWidth = roundToInt(Float(windowWidth) * scale)
        let candidateHeight = roundToInt(Float(windowHeight) * scale)

        // Variance normalisation over the inner rectangle (1, 1, W-2, H-2).
        let normArea = Double((windowWidth - 2) * (windowHeight - 2))
        // OpenCV rejects when area * Float(1/sqrt(nf)) >= 0.1, i.e. nf up to about (area/0.1)^2. Windows
        // clearly below that (relative margin 1e-5, far above Float's rounding) are rejected without the
        // square root and division; only the rest take OpenCV's exact test. Flat regions get cheap.
        let surelyFlat = (normArea / 0.1) * (normArea / 0.1) * (1 - 1e-5)
        let n0 = stride + 1, n1 = n0 + windowWidth - 2
        let n2 = n0 + (windowHeight - 2) * stride, n3 = n2 + windowWidth - 2

        var found: [Rectangle] = []
        var y = 0
        while y < yEnd {
            var x = 0
            while x < xEnd {
                let p = UnsafePointer(sum + y * stride + x)
                let q = UnsafePointer(squares + y * stride + x)
                let windowSum = Int32(bitPattern: p[n0] &- p[n1] &- p[n2] &+ p[n3])
                let windowSquares = q[n0] &- q[n1] &- q[n2] &+ q[n3]
                let nf = normArea * Double(windowSquares) - Double(windowSum) * Double(windowSum)
                if nf > surelyFlat {
                    let inverseNorm = Float(1 / nf.squareRoot())
                    if normArea * Double(inverseNorm) < 0.1 {
                        let result = isStumpBased
                            ? evaluateStumps(p, inverseNorm)
                            : evaluateTrees(p, inverseNorm)
                        if result > 0 {
                            found.append(Rectangle(x: roundToInt(Float(x) * scale), y: roundToInt(Float(y) * scale),
                                                   width: candidateWidth, height: candidateHeight))
                        } else if result == 0 {
                            x += step  // rejected by the first stage: OpenCV skips the next position too
                        }
                    }
                }
                x += step
            }
            y += step
        }
        return found
    }

    // MARK: - Cascade evaluation

    @inline(__always)
    private static func featureValue(_ node: BoundNode, _ p: UnsafePointer<UInt32>, _ inverseNorm: Float) -> Float {
        let s0 = Float(Int32(bitPattern: p[Int(node.a0)] &- p[Int(node.a1)] &- p[Int(node.a2)] &+ p[Int(node.a3)]))
        let s1 = Float(Int32(bitPattern: p[Int(node.b0)] &- p[Int(node.b1)] &- p[Int(node.b2)] &+ p[Int(node.b3)]))
        // Each product rounds to Float, then the sum; no fused multiply-add.
        var value = node.w0 * s0 + node.w1 * s1
        if node.w2 != 0 {
            let s2 = Float(Int32(bitPattern: p[Int(node.c0)] &- p[Int(node.c1)] &- p[Int(node.c2)] &+ p[Int(node.c3)]))
            value = value + node.w2 * s2
        }
        return value * inverseNorm
    }

    /// 1 when the window passes every stage, else `-stage` of the rejecting stage (0 for the first).
    private func evaluateStumps(_ p: UnsafePointer<UInt32>, _ inverseNorm: Float) -> Int {
        var index = 0
        for stage in 0..<stageCount {
            let end = stageEnds[stage]
            var total: Double = 0
            while index < end {
                let node = nodes[index]
                let value = Self.featureValue(node, p, inverseNorm)
                total += Double(value < node.threshold ? node.left : node.right)
                index += 1
            }
            if total < stageThresholds[stage] { return -stage }
        }
        return 1
    }

    private func evaluateTrees(_ p: UnsafePointer<UInt32>, _ inverseNorm: Float) -> Int {
        return cascade.classifiers.withUnsafeBufferPointer { classifiers in
            cascade.nodes.withUnsafeBufferPointer { links in
                cascade.leaves.withUnsafeBufferPointer { leaves in
                    var index = 0
                    for stage in 0..<stageCount {
                        let end = stageEnds[stage]
                        var total: Double = 0
                        while index < end {
                            let classifier = classifiers[index]
                            let first = classifier.nodes.lowerBound
                            var node = 0
                            while true {
                                let bound = nodes[first + node]
                                let value = Self.featureValue(bound, p, inverseNorm)
                                let link = links[first + node]
                                let next = value < bound.threshold ? link.left : link.right
                                if next <= 0 {
                                    total += Double(leaves[classifier.leaves.lowerBound - next])
                                    break
                                }
                                node = next
                            }
                            index += 1
                        }
                        if total < stageThresholds[stage] { return -stage }
                    }
                    return 1
                }
            }
        }
    }

    // MARK: - Buffers

    private func reserve(integral: Int, row: Int) {
        if integral > integralCapacity {
            sum.deallocate()
            squares.deallocate()
            sum = .allocate(capacity: integral)
            squares = .allocate(capacity: integral)
            integralCapacity = integral
        }
        if row > rowCapacity {
            rowScratch.deallocate()
            rowScratch = .allocate(capacity: row)
            rowCapacity = row
        }
    }

    /// Binds every node's feature rectangles to a row stride (offsets relative to the window origin).
    private func bind(stride: Int) {
        guard stride != boundStride else { return }
        boundStride = stride
        for index in 0..<nodeCount {
            let r = templates[index]
            func corners(_ x: Int32, _ y: Int32, _ w: Int32, _ h: Int32) -> (Int32, Int32, Int32, Int32) {
                let topLeft = y * Int32(stride) + x
                let bottomLeft = topLeft + h * Int32(stride)
                return (topLeft, topLeft + w, bottomLeft, bottomLeft + w)
            }
            let a = corners(r.a.x, r.a.y, r.a.w, r.a.h)
            let b = corners(r.b.x, r.b.y, r.b.w, r.b.h)
            let c = corners(r.c.x, r.c.y, r.c.w, r.c.h)
            nodes[index].a0 = a.0; nodes[index].a1 = a.1; nodes[index].a2 = a.2; nodes[index].a3 = a.3
            nodes[index].b0 = b.0; nodes[index].b1 = b.1; nodes[index].b2 = b.2; nodes[index].b3 = b.3
            nodes[index].c0 = c.0; nodes[index].c1 = c.1; nodes[index].c2 = c.2; nodes[index].c3 = c.3
        }
    }

    /// A node's feature rectangles in window coordinates (unused ones all zero), for ``bind(stride:)``.
    struct NodeTemplate {
        var a: (x: Int32, y: Int32, w: Int32, h: Int32)
        var b: (x: Int32, y: Int32, w: Int32, h: Int32)
        var c: (x: Int32, y: Int32, w: Int32, h: Int32)
    }

    /// Fills the stride-independent part of every bound node and returns the rectangle templates.
    private static func prepare(_ cascade: HaarCascade, into nodes: UnsafeMutablePointer<BoundNode>) -> [NodeTemplate] {
        let stumps = cascade.isStumpBased
        return cascade.nodes.enumerated().map { index, node in
            let rects = cascade.features[node.feature].rects
            func rect(_ r: Int) -> ((x: Int32, y: Int32, w: Int32, h: Int32), Float) {
                guard r < rects.count else { return ((0, 0, 0, 0), 0) }
                let rect = rects[r]
                return ((Int32(rect.x), Int32(rect.y), Int32(rect.width), Int32(rect.height)), rect.weight)
            }
            let (a, wa) = rect(0), (b, wb) = rect(1), (c, wc) = rect(2)
            // For stumps, resolve the two leaves now (links ≤ 0 name leaf -link).
            let leaves = cascade.classifiers[stumps ? index : 0].leaves.lowerBound
            nodes.advanced(by: index).initialize(to: BoundNode(
                a0: 0, a1: 0, a2: 0, a3: 0, b0: 0, b1: 0, b2: 0, b3: 0, c0: 0, c1: 0, c2: 0, c3: 0,
                w0: wa, w1: wb, w2: wc,
                threshold: node.threshold,
                left: stumps ? cascade.leaves[leaves - node.left] : 0,
                right: stumps ? cascade.leaves[leaves - node.right] : 0))
            return NodeTemplate(a: a, b: b, c: c)
        }
    }
}
