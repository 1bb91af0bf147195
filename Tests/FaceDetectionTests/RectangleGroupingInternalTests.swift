@testable import FaceDetection
import Testing

@Suite struct RectangleGroupingInternalTests {
    @Test func partitionIsTransitiveAndNumberedByFirstMember() {
        // a ~ b and b ~ c but not a ~ c: one class through b. d stands alone.
        let a = Rectangle(x: 0, y: 0, width: 100, height: 100)
        let b = Rectangle(x: 15, y: 0, width: 100, height: 100)
        let c = Rectangle(x: 30, y: 0, width: 100, height: 100)
        let d = Rectangle(x: 500, y: 500, width: 40, height: 40)
        #expect(!RectangleGrouping.areSimilar(a, c))
        #expect(RectangleGrouping.partition([d, a, c, b]) == [0, 1, 1, 1])
    }

    @Test func similarityBoundaryIsInclusive() {
        // delta = 0.2 * (50 + 50) * 0.5 = 10
        let base = Rectangle(x: 0, y: 0, width: 50, height: 50)
        #expect(RectangleGrouping.areSimilar(base, Rectangle(x: 10, y: 0, width: 50, height: 50)))
        #expect(!RectangleGrouping.areSimilar(base, Rectangle(x: 11, y: 0, width: 50, height: 50)))
    }

    @Test func groupsNeedMoreThanMinNeighbors() {
        let five = Array(repeating: Rectangle(x: 10, y: 10, width: 40, height: 40), count: 5)
        #expect(RectangleGrouping.group(five, minNeighbors: 5).isEmpty)
        #expect(RectangleGrouping.group(five + [five[0]], minNeighbors: 5) == [five[0]])
        #expect(RectangleGrouping.group(five, minNeighbors: 0) == five)
    }

    @Test func averageRoundsHalfToEven() {
        // x sums to 1 over 2 members: 0.5 rounds to 0; 3 over 2: 1.5 rounds to 2.
        let rects = [Rectangle(x: 0, y: 1, width: 40, height: 40), Rectangle(x: 1, y: 2, width: 40, height: 40)]
        #expect(RectangleGrouping.group(rects, minNeighbors: 1) == [Rectangle(x: 0, y: 2, width: 40, height: 40)])
    }

    @Test func smallGroupInsideStrongerGroupIsDropped() {
        let outer = Array(repeating: Rectangle(x: 100, y: 100, width: 100, height: 100), count: 10)
        let inner = Array(repeating: Rectangle(x: 130, y: 130, width: 40, height: 40), count: 4)
        #expect(RectangleGrouping.group(outer + inner, minNeighbors: 3) == [outer[0]])
        // Stronger inner group survives (n_j > max(3, n_i) fails).
        let strongInner = Array(repeating: inner[0], count: 12)
        #expect(RectangleGrouping.group(outer + strongInner, minNeighbors: 3) == [outer[0], inner[0]])
    }
}
