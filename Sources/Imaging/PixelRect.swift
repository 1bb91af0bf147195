/// A rectangle of pixels: top-left corner and size.
public struct PixelRect: Hashable, Sendable {
    /// Left edge.
    public var x: Int
    /// Top edge.
    public var y: Int
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int

    /// Creates a rectangle.
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

    /// The part inside `0..<width × 0..<height`, or `nil` if none is.
    func clipped(width limitWidth: Int, height limitHeight: Int) -> PixelRect? {
        let left = max(0, x), top = max(0, y)
        let right = min(limitWidth, x + width), bottom = min(limitHeight, y + height)
        guard right > left, bottom > top else { return nil }
        return PixelRect(x: left, y: top, width: right - left, height: bottom - top)
    }
}
