/// The image formats accepted for decoding, recognised by their leading bytes.
///
/// Checking the bytes in Swift, before ImageMagick sees them, is the allowlist: ImageMagick sniffs the
/// content itself and would happily run SVG, MSL or MVG coders on a blob whatever its name.
public enum ImageFormat: String, Hashable, Sendable, CaseIterable {
    /// JPEG (`FF D8 FF`), including multi-picture (MPO) files, of which the first picture is used.
    case jpeg = "JPEG"
    /// PNG (`89 50 4E 47 0D 0A 1A 0A`).
    case png = "PNG"
    /// GIF87a or GIF89a; the first frame is used.
    case gif = "GIF"
    /// WebP (`RIFF` … `WEBP`), lossy, lossless or extended.
    case webp = "WEBP"
    /// Windows or OS/2 bitmap (`BM`).
    case bmp = "BMP"

    /// The format whose signature starts `bytes`, or `nil` for anything else.
    /// - Parameter bytes: At least the first 12 bytes of the file.
    /// - Returns: The recognised format, or `nil`.
    public static func sniff(_ bytes: some Collection<UInt8>) -> ImageFormat? {
        let head = Array(bytes.prefix(12))
        func starts(_ signature: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + signature.count && Array(head[offset..<offset + signature.count]) == signature
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return .webp }
        // "BM" plus a plausible header: a 4-byte file size and 4 reserved bytes follow.
        if starts(Array("BM".utf8)), head.count >= 12 { return .bmp }
        return nil
    }

    /// Whether ImageMagick's name for the coder it picked (`MagickGetImageFormat`) is this format.
    func matches(magickName: String) -> Bool {
        switch self {
        case .jpeg: magickName == "JPEG" || magickName == "MPO"
        case .bmp: magickName.hasPrefix("BMP")
        default: magickName == rawValue
        }
    }

    /// Names what an unaccepted input looks like, for the error message.
    static func describeUnknown(_ bytes: some Collection<UInt8>) -> String {
        let head = Array(bytes.prefix(64))
        let text = String(decoding: head, as: UTF8.self).lowercased()
        if text.contains("<svg") || text.hasPrefix("<?xml") { return "SVG/XML text" }
        if text.hasPrefix("<") { return "markup text" }
        if head.allSatisfy({ $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || (0x20..<0x7F).contains($0) }) {
            return "plain text"
        }
        let hex = head.prefix(8).map { byte in
            let digits = String(byte, radix: 16, uppercase: true)
            return digits.count == 1 ? "0" + digits : digits
        }
        return "data starting \(hex.joined(separator: " "))"
    }
}
