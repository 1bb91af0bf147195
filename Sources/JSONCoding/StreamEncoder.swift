import FoundationEssentials

/// An `Encoder` for the value slot at one depth of a ``JSONOutput``; also that slot's single-value container.
struct StreamEncoder: Encoder, SingleValueEncodingContainer {
    let output: JSONOutput
    /// The number of frames the slot is inside.
    let depth: Int
    let path: CodingPath

    var codingPath: [any CodingKey] { path.keys }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(StreamKeyedContainer<Key>(output: output, depth: depth + 1, frame: frame(object: true), path: path))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        StreamUnkeyedContainer(output: output, depth: depth + 1, frame: frame(object: false), path: path)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    /// The frame this slot opens, or reopens when the type asks for its container again; nil (and every write
    /// refused) when the stream is not where this slot expects it.
    private func frame(object: Bool) -> Int? {
        if let id = try? output.open(object: object, at: depth) { return id }
        if output.depth == depth + 1, output.frames[depth].isObject == object { return output.frames[depth].id }
        return nil
    }

    // MARK: SingleValueEncodingContainer

    func encodeNil() throws { try output.requireSlot(at: depth); output.writeNull() }
    func encode(_ value: Bool) throws { try output.requireSlot(at: depth); output.writeBool(value) }
    func encode(_ value: String) throws { try output.requireSlot(at: depth); output.writeString(value) }
    func encode(_ value: Double) throws { try output.requireSlot(at: depth); try output.writeFloatingPoint(value) }
    func encode(_ value: Float) throws { try output.requireSlot(at: depth); try output.writeFloatingPoint(value) }
    func encode(_ value: Int) throws { try integer(value) }
    func encode(_ value: Int8) throws { try integer(value) }
    func encode(_ value: Int16) throws { try integer(value) }
    func encode(_ value: Int32) throws { try integer(value) }
    func encode(_ value: Int64) throws { try integer(value) }
    func encode(_ value: UInt) throws { try integer(value) }
    func encode(_ value: UInt8) throws { try integer(value) }
    func encode(_ value: UInt16) throws { try integer(value) }
    func encode(_ value: UInt32) throws { try integer(value) }
    func encode(_ value: UInt64) throws { try integer(value) }
    func encode<T: Encodable>(_ value: T) throws { try output.writeValue(value, at: depth, path: path) }

    private func integer<T: FixedWidthInteger>(_ value: T) throws {
        try output.requireSlot(at: depth)
        output.writeInteger(value)
    }
}

extension JSONOutput {
    /// Writes any `Encodable` into the open slot at `depth`, treating the types `JSONEncoder` special-cases
    /// as it does (`Data` as Base64, `URL` as its absolute string; `Decimal` is left to `JSONEncoder`).
    func writeValue<T: Encodable>(_ value: T, at depth: Int, path: CodingPath) throws {
        try requireSlot(at: depth)
        // Metatype comparisons first: they cost a pointer compare where a cast (`as? String`) costs a runtime call.
        if T.self == String.self { return writeString(sameType(value)) }
        if T.self == Int.self { return writeInteger(sameType(value) as Int) }
        if T.self == Bool.self { return writeBool(sameType(value)) }
        if T.self == Double.self { return try writeFloatingPoint(sameType(value) as Double) }
        if T.self == Data.self { return writeString((sameType(value) as Data).base64EncodedString()) }
        if T.self == URL.self { return writeString((sameType(value) as URL).absoluteString) }
        if T.self == Decimal.self { throw Unsupported() }
        if let dictionary = StringKeyedMemo.encodable(value) {
            return try dictionary.write(to: self, at: depth, path: path)
        }
        try value.encode(to: StreamEncoder(output: self, depth: depth, path: path))
        try endValue(at: depth)
    }
}

/// `value` as `U`, which the caller has checked is `T` itself.
@inline(__always)
func sameType<T, U>(_ value: T) -> U {
    unsafeBitCast(value, to: U.self)
}
