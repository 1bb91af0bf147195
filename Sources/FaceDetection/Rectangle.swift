/// An axis-aligned rectangle in pixels, as OpenCV's `cv::Rect`: top-left corner and size.
public struct Rectangle: Hashable, Sendable, CustomStringConvertible {
    /// Left edge.
    public var x: Int
    /// Top edge.
    public var y: Int
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int

    /// Creates a rectangle from its top-left corner and size.
    /// - Parameters:
    ///   - x: Left edge.
    ///   - y: Top edge.
    ///   - width: Width in pixels.
    ///   - height: Height in pixels.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// `[x, y, w, h]`, the form of `reference.json` and of the handler's output.
    public var description: String { "[\(x), \(y), \(width), \(height)]" }

    /// The overlap of two rectangles, or `nil` when they do not overlap (OpenCV's `a & b` with an
    /// empty result dropped).
    func intersection(_ other: Rectangle) -> Rectangle? {
        let left = max(x, other.x), top = max(y, other.y)
        let right = min(x + width, other.x + other.width), bottom = min(y + height, other.y + other.height)
        guard right > left, bottom > top else { return nil }
        return Rectangle(x: left, y: top, width: right - left, height: bottom - top)
    }
}

/// A width and height in pixels.
public struct Size: Hashable, Sendable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int

    /// Creates a size.
    /// - Parameters:
    ///   - width: Width in pixels.
    ///   - height: Height in pixels.
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}
