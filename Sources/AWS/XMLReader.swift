/// A small, strict XML reader for S3's responses: elements, attributes (read and ignored), text,
/// the five predefined entities, character references, CDATA, comments and processing instructions.
///
/// S3's responses are plain element trees, so a full XML library is not needed, and libxml2 would add
/// ICU (tens of megabytes) to every zip that talks to S3. Anything a response never contains is
/// refused rather than guessed at: DOCTYPEs (and so entity definitions), undeclared entities,
/// mismatched tags, invalid UTF-8, text outside the root, nesting deeper than ``maxDepth``.
struct XMLReader {
    /// An element: its name (prefix included), its child elements and its own text.
    struct Element: Equatable {
        var name: String
        var children: [Element] = []
        /// The element's own text, entities decoded; text of children not included.
        var text: String = ""

        /// The first child named `name`.
        func child(_ name: String) -> Element? {
            children.first { $0.name == name }
        }

        /// Every child named `name`, in order.
        func children(_ name: String) -> [Element] {
            children.filter { $0.name == name }
        }
    }

    static let maxDepth = 32

    private let bytes: [UInt8]
    private var index = 0

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses a whole document and returns its root element.
    /// - Throws: ``AWSClientError/malformedResponse`` with the byte offset of the first problem.
    static func parse(_ bytes: [UInt8]) throws(AWSClientError) -> Element {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw AWSClientError.malformedResponse.with(message: "XML is not valid UTF-8")
        }
        var reader = XMLReader(bytes)
        if reader.bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            reader.index = 3
        }
        try reader.skipMisc()
        guard reader.peek() == UInt8(ascii: "<") else {
            throw reader.failure("expected the root element")
        }
        let root = try reader.element(depth: 0)
        try reader.skipMisc()
        guard reader.index == reader.bytes.count else {
            throw reader.failure("content after the root element")
        }
        return root
    }

    // MARK: - Grammar

    private mutating func element(depth: Int) throws(AWSClientError) -> Element {
        guard depth < Self.maxDepth else { throw failure("elements nested too deeply") }
        try expect("<")
        var element = Element(name: try name())
        var selfClosing = false
        while true {
            skipWhitespace()
            if consume("/>") {
                selfClosing = true
                break
            }
            if consume(">") { break }
            _ = try name()
            skipWhitespace()
            try expect("=")
            skipWhitespace()
            _ = try quoted()
        }
        if selfClosing { return element }

        var text: [UInt8] = []
        while true {
            guard let byte = peek() else { throw failure("unclosed element <\(element.name)>") }
            if byte == UInt8(ascii: "<") {
                if consume("</") {
                    let closing = try name()
                    guard closing == element.name else {
                        throw failure("</\(closing)> closes <\(element.name)>")
                    }
                    skipWhitespace()
                    try expect(">")
                    element.text = String(decoding: text, as: UTF8.self)
                    return element
                } else if consume("<![CDATA[") {
                    text += try until("]]>")
                } else if consume("<!--") {
                    _ = try until("-->")
                } else if consume("<?") {
                    _ = try until("?>")
                } else if lookingAt("<!") {
                    throw failure("declarations are not allowed in content")
                } else {
                    element.children.append(try self.element(depth: depth + 1))
                }
            } else if byte == UInt8(ascii: "&") {
                text += try reference()
            } else {
                text.append(byte)
                index += 1
            }
        }
    }

    /// Whitespace, comments and processing instructions (the XML declaration among them).
    private mutating func skipMisc() throws(AWSClientError) {
        while true {
            skipWhitespace()
            if consume("<?") {
                _ = try until("?>")
            } else if consume("<!--") {
                _ = try until("-->")
            } else if lookingAt("<!") {
                throw failure("DOCTYPE and other declarations are not accepted")
            } else {
                return
            }
        }
    }

    private mutating func name() throws(AWSClientError) -> String {
        let start = index
        while let byte = peek(), !Self.isWhitespace(byte),
              ![UInt8(ascii: ">"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: "<"),
                UInt8(ascii: "&"), UInt8(ascii: "\""), UInt8(ascii: "'")].contains(byte) {
            index += 1
        }
        guard index > start else { throw failure("expected a name") }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func quoted() throws(AWSClientError) -> [UInt8] {
        guard let quote = peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
            throw failure("expected a quoted attribute value")
        }
        index += 1
        var value: [UInt8] = []
        while let byte = peek(), byte != quote {
            if byte == UInt8(ascii: "<") { throw failure("'<' in an attribute value") }
            if byte == UInt8(ascii: "&") {
                value += try reference()
            } else {
                value.append(byte)
                index += 1
            }
        }
        try expect(quote == UInt8(ascii: "\"") ? "\"" : "'")
        return value
    }

    /// `&name;` or `&#N;` / `&#xH;`, returned as UTF-8.
    private mutating func reference() throws(AWSClientError) -> [UInt8] {
        try expect("&")
        let start = index
        while let byte = peek(), byte != UInt8(ascii: ";"), index - start < 12 {
            index += 1
        }
        guard peek() == UInt8(ascii: ";") else { throw failure("unterminated entity reference") }
        let body = String(decoding: bytes[start..<index], as: UTF8.self)
        index += 1
        switch body {
        case "lt": return [UInt8(ascii: "<")]
        case "gt": return [UInt8(ascii: ">")]
        case "amp": return [UInt8(ascii: "&")]
        case "quot": return [UInt8(ascii: "\"")]
        case "apos": return [UInt8(ascii: "'")]
        default:
            var number: UInt32?
            if body.hasPrefix("#x") {
                number = UInt32(body.dropFirst(2), radix: 16)
            } else if body.hasPrefix("#") {
                number = UInt32(body.dropFirst(), radix: 10)
            }
            guard let number, number != 0, let scalar = Unicode.Scalar(number) else {
                throw failure("unknown entity &\(body);")
            }
            return Array(String(Character(scalar)).utf8)
        }
    }

    // MARK: - Bytes

    private func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private func lookingAt(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return literal.withUTF8Buffer { bytes[index..<index + count].elementsEqual($0) }
    }

    private mutating func consume(_ literal: StaticString) -> Bool {
        guard lookingAt(literal) else { return false }
        index += literal.utf8CodeUnitCount
        return true
    }

    private mutating func expect(_ literal: StaticString) throws(AWSClientError) {
        guard consume(literal) else { throw failure("expected '\(literal)'") }
    }

    /// The bytes up to `terminator`, which is consumed.
    private mutating func until(_ terminator: StaticString) throws(AWSClientError) -> [UInt8] {
        let start = index
        while index < bytes.count {
            if lookingAt(terminator) {
                let content = Array(bytes[start..<index])
                index += terminator.utf8CodeUnitCount
                return content
            }
            index += 1
        }
        throw failure("missing '\(terminator)'")
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), Self.isWhitespace(byte) {
            index += 1
        }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private func failure(_ message: String) -> AWSClientError {
        AWSClientError.malformedResponse.with(message: "XML: \(message) at byte \(index)")
    }
}
