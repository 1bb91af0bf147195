/// One element of the small XML subset that OpenCV's `FileStorage` writes: elements with attributes,
/// character data, comments and processing instructions. No entities, CDATA or DTDs (a cascade has none,
/// and refusing them keeps the reader strict and small).
struct XMLElement {
    var name: String
    var attributes: [String: String] = [:]
    var children: [XMLElement] = []
    /// The element's own character data (not its children's), untrimmed; empty if it is only whitespace.
    var text: String = ""

    /// The first child with the given name.
    func child(_ name: String) -> XMLElement? {
        children.first { $0.name == name }
    }

    /// The text split at ASCII whitespace (bytewise: no Unicode segmentation, which would dominate
    /// loading time).
    var words: [Substring] {
        text.utf8.split(whereSeparator: isWhitespace).map { Substring($0) }
    }

    /// Parses a complete document and returns its root element.
    static func parseDocument(_ bytes: some Collection<UInt8>) throws(FaceDetectionError) -> XMLElement {
        var reader = XMLReader(Array(bytes))
        return try reader.document()
    }
}

/// A strict single-pass reader over the document bytes; builds the tree with an explicit stack, so
/// deep nesting cannot overflow the call stack.
private struct XMLReader {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func document() throws(FaceDetectionError) -> XMLElement {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        var stack: [XMLElement] = []
        var root: XMLElement?
        while position < bytes.count {
            let byte = bytes[position]
            if byte != UInt8(ascii: "<") {
                let start = position
                while position < bytes.count, bytes[position] != UInt8(ascii: "<") {
                    if bytes[position] == UInt8(ascii: "&") {
                        throw fail("entity references are not supported")
                    }
                    position += 1
                }
                // Whitespace between elements is not kept: it is most of the text and never used.
                if !bytes[start..<position].allSatisfy(isWhitespace) {
                    guard !stack.isEmpty else { throw fail("text outside the root element", at: start) }
                    stack[stack.count - 1].text += String(decoding: bytes[start..<position], as: UTF8.self)
                }
                continue
            }
            if matches("<!--") {
                try skip(past: "-->", what: "comment")
            } else if matches("<?") {
                try skip(past: "?>", what: "processing instruction")
            } else if matches("<!") {
                throw fail("DOCTYPE and CDATA sections are not supported")
            } else if matches("</") {
                position += 2
                let name = try readName()
                skipWhitespace()
                try expect(">")
                guard let open = stack.popLast() else {
                    throw fail("closing tag </\(name)> without an open element")
                }
                guard open.name == name else {
                    throw fail("closing tag </\(name)> does not match <\(open.name)>")
                }
                if stack.isEmpty {
                    root = open
                    try trailingMisc()
                } else {
                    stack[stack.count - 1].children.append(open)
                }
            } else {
                position += 1
                var element = XMLElement(name: try readName())
                var selfClosing = false
                while true {
                    let hadSpace = skipWhitespace()
                    if matches("/>") {
                        position += 2
                        selfClosing = true
                        break
                    }
                    if matches(">") {
                        position += 1
                        break
                    }
                    guard hadSpace else { throw fail("expected whitespace, '>' or '/>' in tag <\(element.name)>") }
                    let attribute = try readName()
                    skipWhitespace()
                    try expect("=")
                    skipWhitespace()
                    let value = try readQuoted()
                    guard element.attributes.updateValue(value, forKey: attribute) == nil else {
                        throw fail("duplicate attribute \(attribute) in <\(element.name)>")
                    }
                }
                if selfClosing {
                    if stack.isEmpty {
                        root = element
                        try trailingMisc()
                    } else {
                        stack[stack.count - 1].children.append(element)
                    }
                } else {
                    stack.append(element)
                }
            }
        }
        if let open = stack.last {
            throw fail("unexpected end of document inside <\(open.name)> (truncated file?)")
        }
        guard let root else { throw fail("no root element (empty document?)") }
        return root
    }

    /// After the root element only whitespace, comments and processing instructions may follow.
    private mutating func trailingMisc() throws(FaceDetectionError) {
        while position < bytes.count {
            if skipWhitespace() { continue }
            if matches("<!--") {
                try skip(past: "-->", what: "comment")
            } else if matches("<?") {
                try skip(past: "?>", what: "processing instruction")
            } else {
                throw fail("content after the root element")
            }
        }
    }

    private func matches(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        let start = literal.utf8Start
        for index in 0..<count where bytes[position + index] != start[index] {
            return false
        }
        return true
    }

    private mutating func expect(_ literal: StaticString) throws(FaceDetectionError) {
        guard matches(literal) else { throw fail("expected '\(literal)'") }
        position += literal.utf8CodeUnitCount
    }

    private mutating func skip(past terminator: StaticString, what: String) throws(FaceDetectionError) {
        let start = position
        while position < bytes.count {
            if matches(terminator) {
                position += terminator.utf8CodeUnitCount
                return
            }
            position += 1
        }
        throw fail("unterminated \(what)", at: start)
    }

    @discardableResult
    private mutating func skipWhitespace() -> Bool {
        let start = position
        while position < bytes.count, isWhitespace(bytes[position]) { position += 1 }
        return position > start
    }

    private mutating func readName() throws(FaceDetectionError) -> String {
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            let isLetter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            let isPunctuation = byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            guard isLetter || isPunctuation || (isDigit && position > start) else { break }
            position += 1
        }
        guard position > start else {
            throw fail("expected a name")
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func readQuoted() throws(FaceDetectionError) -> String {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'")
        else { throw fail("expected a quoted attribute value") }
        let quote = bytes[position]
        position += 1
        let start = position
        while position < bytes.count, bytes[position] != quote {
            if bytes[position] == UInt8(ascii: "<") || bytes[position] == UInt8(ascii: "&") {
                throw fail("'<' or '&' in an attribute value")
            }
            position += 1
        }
        guard position < bytes.count else { throw fail("unterminated attribute value", at: start) }
        position += 1
        return String(decoding: bytes[start..<position - 1], as: UTF8.self)
    }

    private func fail(_ reason: String, at offset: Int? = nil) -> FaceDetectionError {
        let end = min(offset ?? position, bytes.count)
        let line = 1 + bytes[..<end].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        // Running out of input mid-construct is the usual sign of a truncated download: say so.
        let truncated = position >= bytes.count && !reason.hasPrefix("unexpected end")
        return .malformedXML(line: line, reason: truncated ? "unexpected end of document (truncated file?): \(reason)" : reason)
    }
}

func isWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
}
