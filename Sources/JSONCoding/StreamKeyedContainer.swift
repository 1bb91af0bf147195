/// An object being written: each call writes one member, in order.
struct StreamKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let output: JSONOutput
    /// The depth of this object's frame.
    let depth: Int
    /// The frame's id, or nil when the container could not be opened (every write then refuses).
    let frame: Int?
    let path: CodingPath

    var codingPath: [any CodingKey] { path.keys }

    private func begin(_ key: Key) throws {
        guard let frame else { throw JSONOutput.Unsupported() }
        try output.beginElement(frame: frame, at: depth, key: key.stringValue)
    }

    mutating func encodeNil(forKey key: Key) throws { try begin(key); output.writeNull() }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try begin(key); output.writeBool(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { try begin(key); output.writeString(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try begin(key); try output.writeFloatingPoint(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try begin(key); try output.writeFloatingPoint(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try begin(key); output.writeInteger(value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try begin(key); output.writeInteger(value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try begin(key); output.writeInteger(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try begin(key); output.writeInteger(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try begin(key); output.writeInteger(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try begin(key); output.writeInteger(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try begin(key); output.writeInteger(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try begin(key); output.writeInteger(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try begin(key); output.writeInteger(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try begin(key); output.writeInteger(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try begin(key)
        try output.writeValue(value, at: depth, path: path.appending(key))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let id = (try? begin(key)).flatMap { try? output.open(object: true, at: depth) }
        return KeyedEncodingContainer(StreamKeyedContainer<NestedKey>(
            output: output, depth: depth + 1, frame: id, path: path.appending(key)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let id = (try? begin(key)).flatMap { try? output.open(object: false, at: depth) }
        return StreamUnkeyedContainer(output: output, depth: depth + 1, frame: id, path: path.appending(key))
    }

    mutating func superEncoder() -> any Encoder { RefusingEncoder(codingPath: path.keys) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { RefusingEncoder(codingPath: path.keys) }
}
