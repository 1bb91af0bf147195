/// A `Decoder` over one value of a ``TapeDocument``; it is also that value's single-value container, as
/// `JSONDecoder`'s is.
struct TapeDecoder: Decoder, SingleValueDecodingContainer {
    let document: TapeDocument
    let index: Int
    let path: CodingPath

    var codingPath: [any CodingKey] { path.keys }
    var userInfo: [CodingUserInfoKey: Any] { document.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard document.kind(index) == .object else { throw document.mismatch([String: Any].self, index, path) }
        return KeyedDecodingContainer(TapeKeyedContainer<Key>(document: document, object: index, path: path))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard document.kind(index) == .array else { throw document.mismatch([Any].self, index, path) }
        return TapeUnkeyedContainer(document: document, array: index, path: path)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    // MARK: SingleValueDecodingContainer

    func decodeNil() -> Bool { document.kind(index) == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try document.bool(index, path: path) }
    func decode(_ type: String.Type) throws -> String { try document.string(index, path: path) }
    func decode(_ type: Double.Type) throws -> Double { try document.floatingPoint(index, as: type, path: path) }
    func decode(_ type: Float.Type) throws -> Float { try document.floatingPoint(index, as: type, path: path) }
    func decode(_ type: Int.Type) throws -> Int { try document.integer(index, as: type, path: path) }
    func decode(_ type: Int8.Type) throws -> Int8 { try document.integer(index, as: type, path: path) }
    func decode(_ type: Int16.Type) throws -> Int16 { try document.integer(index, as: type, path: path) }
    func decode(_ type: Int32.Type) throws -> Int32 { try document.integer(index, as: type, path: path) }
    func decode(_ type: Int64.Type) throws -> Int64 { try document.integer(index, as: type, path: path) }
    func decode(_ type: UInt.Type) throws -> UInt { try document.integer(index, as: type, path: path) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try document.integer(index, as: type, path: path) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try document.integer(index, as: type, path: path) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try document.integer(index, as: type, path: path) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try document.integer(index, as: type, path: path) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try document.value(index, as: type, path: path) }
}
