import Imaging

/// Measures how white the 2-px outline of a box is in a decoded image.
enum Outline {
    /// The mean over the outline's pixels of the darkest channel (255 only where every channel is
    /// white), and the same for a band of pixels 4 to 5 px inside the outline, for contrast.
    static func whiteness(of jpeg: [UInt8], box: [Int]) throws -> (outline: Double, inside: Double) {
        let image = try Image.decode(jpeg)
        let rgb = try image.rgbPixels()
        let width = image.width
        func darkest(_ x: Int, _ y: Int) -> Int {
            let index = (y * width + x) * 3
            return Int(min(rgb[index], rgb[index + 1], rgb[index + 2]))
        }
        func ring(inset: Int) -> Double {
            let (x, y, w, h) = (box[0] + inset, box[1] + inset, box[2] - 2 * inset, box[3] - 2 * inset)
            var sum = 0, count = 0
            for offset in 0..<2 {
                for column in x..<(x + w) {
                    sum += darkest(column, y + offset) + darkest(column, y + h - 1 - offset)
                    count += 2
                }
                for row in (y + 2)..<(y + h - 2) {
                    sum += darkest(x + offset, row) + darkest(x + w - 1 - offset, row)
                    count += 2
                }
            }
            return Double(sum) / Double(count)
        }
        return (ring(inset: 0), ring(inset: 4))
    }
}
