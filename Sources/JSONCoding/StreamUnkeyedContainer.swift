/// An array being written: each call appends one element.
struct StreamUnkeyedContainer: UnkeyedEncodingContainer {
    let output: JSONOutput
    let depth: Int
    let frame: Int?
    let path: CodingPath
    private(set) var count = 0

    init(output: JSONOutput, depth: Int, frame: Int?, path: CodingPath) {
        self.output = output
        self.depth = depth
        self.frame = frame
        self.path = path
    }

    var codingPath: [any CodingKey] { path.keys }

    private mutating func begin() throws {
        guard let frame else { throw JSONOutput.Unsupported() }
        try output.beginElement(frame: frame, at: depth, key: nil)
        count += 1
    }

    mutating func encodeNil() throws { try begin(); output.writeNull() }
    mutating func encode(_ value: Bool) throws { try begin(); output.writeBool(value) }
    mutating func encode(_ value: String) throws { try begin(); output.writeString(value) }
    mutating func encode(_ value: Double) throws { try begin(); try output.writeFloatingPoint(value) }
    mutating func encode(_ value: Float) throws { try begin(); try output.writeFloatingPoint(value) }
    mutating func encode(_ value: Int) throws { try begin(); output.writeInteger(value) }
    mutating func encode(_ value: Int8) throws { try begin(); output.writeInteger(value) }
    mutating func encode(_ value: Int16) throws { try begin(); output.writeInteger(value) }
    mutating func encode(_ value: Int32) throws { try begin(); output.writeInteger(value) }
    mutating func encode(_ value: Int64) throws { try begin(); output.writeInteger(value) }
    mutating func encode(_ value: UInt) throws { try begin(); output.writeInteger(value) }
    mutating func encode(_ value: UInt8) throws { try begin(); output.writeInteger(value) }
    mutating func encode(_ value: UInt16) throws { try begin(); output.writeInteger(value) }
    mutating func encode(_ value: UInt32) throws { try begin(); output.writeInteger(value) }
    mutating func encode(_ value: UInt64) throws { try begin(); output.writeInteger(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try begin()
        try output.writeValue(value, at: depth, path: path.appending(PositionKey(index: count - 1)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let id = (try? begin()).flatMap { try? output.open(object: true, at: depth) }
        return KeyedEncodingContainer(StreamKeyedContainer<NestedKey>(
            output: output, depth: depth + 1, frame: id, path: path.appending(PositionKey(index: count - 1))))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let id = (try? begin()).flatMap { try? output.open(object: false, at: depth) }
        return StreamUnkeyedContainer(output: output, depth: depth + 1, frame: id, path: path.appending(PositionKey(index: count - 1)))
    }

    mutating func superEncoder() -> any Encoder { RefusingEncoder(codingPath: path.keys) }
}

/// Handed out where streaming cannot follow (`superEncoder`): every write throws, so `JSONEncoder` takes over.
struct RefusingEncoder: Encoder, SingleValueEncodingContainer {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(StreamKeyedContainer<Key>(output: JSONOutput(), depth: 1, frame: nil, path: .root))
    }
    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        StreamUnkeyedContainer(output: JSONOutput(), depth: 1, frame: nil, path: .root)
    }
    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    func encodeNil() throws { throw JSONOutput.Unsupported() }
    func encode<T: Encodable>(_ value: T) throws { throw JSONOutput.Unsupported() }
}
