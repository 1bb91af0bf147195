/// An array's unkeyed container: elements in order; a failed decode leaves the position where it was, as
/// `JSONDecoder`'s does.
struct TapeUnkeyedContainer: UnkeyedDecodingContainer {
    let document: TapeDocument
    let path: CodingPath
    let count: Int?
    private(set) var currentIndex = 0
    /// The tape index of the element at `currentIndex`.
    private var position: Int

    init(document: TapeDocument, array: Int, path: CodingPath) {
        self.document = document
        self.path = path
        count = Int(document.tape[array].count)
        position = array + 1
    }

    var codingPath: [any CodingKey] { path.keys }
    var isAtEnd: Bool { currentIndex >= count! }

    private func current(_ type: Any.Type) throws -> Int {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(
                codingPath: path.appending(PositionKey(index: currentIndex)).keys,
                debugDescription: "Unkeyed container is at end."))
        }
        return position
    }

    private mutating func advance() {
        position = Int(document.tape[position].next)
        currentIndex += 1
    }

    /// Decodes the current element with `read` and moves past it only when that succeeds.
    private mutating func next<T>(_ type: T.Type, _ read: (TapeDocument, Int, CodingPath, PositionKey) throws -> T) throws -> T {
        let value = try read(document, try current(T.self), path, PositionKey(index: currentIndex))
        advance()
        return value
    }

    mutating func decodeNil() throws -> Bool {
        guard document.kind(try current(Never.self)) == .null else { return false }
        advance()
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type) { try $0.bool($1, path: $2, key: $3) } }
    mutating func decode(_ type: String.Type) throws -> String { try next(type) { try $0.string($1, path: $2, key: $3) } }
    mutating func decode(_ type: Double.Type) throws -> Double { try floatingPoint(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try floatingPoint(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try next(type) { try $0.value($1, as: type, path: $2, key: $3) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next(KeyedDecodingContainer<NestedKey>.self) {
            try TapeDecoder(document: $0, index: $1, path: $2.appending($3)).container(keyedBy: type)
        }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next((any UnkeyedDecodingContainer).self) {
            try TapeDecoder(document: $0, index: $1, path: $2.appending($3)).unkeyedContainer()
        }
    }

    mutating func superDecoder() throws -> any Decoder {
        try next((any Decoder).self) { TapeDecoder(document: $0, index: $1, path: $2.appending($3)) }
    }

    private mutating func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        try next(type) { try $0.integer($1, as: type, path: $2, key: $3) }
    }

    private mutating func floatingPoint<T: BinaryFloatingPoint & LosslessStringConvertible>(_ type: T.Type) throws -> T {
        try next(type) { try $0.floatingPoint($1, as: type, path: $2, key: $3) }
    }
}
