/// OpenCV's `groupRectangles(rects, groupThreshold, eps = 0.2)`: clusters overlapping candidates,
/// averages each cluster, keeps clusters with more than `minNeighbors` members and drops clusters that
/// sit inside a stronger one. Output is in class order (classes are numbered by their first member).
enum RectangleGrouping {
    static let eps = 0.2

    static func group(_ candidates: [Rectangle], minNeighbors: Int) -> [Rectangle] {
        guard minNeighbors > 0, !candidates.isEmpty else { return candidates }
        let labels = partition(candidates)
        let classCount = (labels.max() ?? -1) + 1

        var sums = [(x: Int, y: Int, w: Int, h: Int)](repeating: (0, 0, 0, 0), count: classCount)
        var counts = [Int](repeating: 0, count: classCount)
        for (rect, label) in zip(candidates, labels) {
            sums[label].x += rect.x
            sums[label].y += rect.y
            sums[label].w += rect.width
            sums[label].h += rect.height
            counts[label] += 1
        }
        let averages = (0..<classCount).map { label -> Rectangle in
            let scale = Float(1) / Float(counts[label])
            let sum = sums[label]
            return Rectangle(x: roundToInt(Float(sum.x) * scale), y: roundToInt(Float(sum.y) * scale),
                             width: roundToInt(Float(sum.w) * scale), height: roundToInt(Float(sum.h) * scale))
        }

        var result: [Rectangle] = []
        for i in 0..<classCount where counts[i] > minNeighbors {
            let inner = averages[i], innerCount = counts[i]
            let swallowed = (0..<classCount).contains { j in
                guard j != i, counts[j] > minNeighbors else { return false }
                let outer = averages[j], outerCount = counts[j]
                let dx = Int((Double(outer.width) * eps).rounded(.toNearestOrEven))
                let dy = Int((Double(outer.height) * eps).rounded(.toNearestOrEven))
                return inner.x >= outer.x - dx && inner.y >= outer.y - dy
                    && inner.x + inner.width <= outer.x + outer.width + dx
                    && inner.y + inner.height <= outer.y + outer.height + dy
                    && (outerCount > max(3, innerCount) || innerCount < 3)
            }
            if !swallowed { result.append(inner) }
        }
        return result
    }

    /// Equivalence classes of the similarity predicate over all pairs (its transitive closure),
    /// labelled 0, 1, … in order of each class's first member.
    static func partition(_ rects: [Rectangle]) -> [Int] {
        var parent = Array(rects.indices)
        func root(_ node: Int) -> Int {
            var node = node
            while parent[node] != node {
                parent[node] = parent[parent[node]]
                node = parent[node]
            }
            return node
        }
        for i in rects.indices {
            for j in 0..<i where areSimilar(rects[i], rects[j]) {
                let a = root(i), b = root(j)
                if a != b { parent[max(a, b)] = min(a, b) }
            }
        }
        var labelOfRoot = [Int: Int]()
        return rects.indices.map { index in
            let r = root(index)
            if let label = labelOfRoot[r] { return label }
            let label = labelOfRoot.count
            labelOfRoot[r] = label
            return label
        }
    }

    /// OpenCV's `SimilarRects` with eps 0.2 (Double arithmetic).
    static func areSimilar(_ a: Rectangle, _ b: Rectangle) -> Bool {
        let delta = eps * Double(min(a.width, b.width) + min(a.height, b.height)) * 0.5
        return Double(abs(a.x - b.x)) <= delta && Double(abs(a.y - b.y)) <= delta
            && Double(abs(a.x + a.width - b.x - b.width)) <= delta
            && Double(abs(a.y + a.height - b.y - b.height)) <= delta
    }
}

/// OpenCV's `cvRound` for Float: round half to even.
@inline(__always)
func roundToInt(_ value: Float) -> Int {
    Int(value.rounded(.toNearestOrEven))
}
