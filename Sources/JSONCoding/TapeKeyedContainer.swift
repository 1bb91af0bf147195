/// An object's keyed container. Lookups walk the object's keys in order and take the first match, as
/// `JSONDecoder` keeps the first of duplicate keys; objects in events are small enough that a walk beats
/// building a dictionary.
struct TapeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let document: TapeDocument
    let object: Int
    let path: CodingPath

    var codingPath: [any CodingKey] { path.keys }

    var allKeys: [Key] {
        let tape = document.tape
        var seen = Set<String>()
        var keys: [Key] = []
        var keyIndex = object + 1
        let end = Int(tape[object].next)
        while keyIndex < end {
            let name = tape.string(tape[keyIndex])
            if seen.insert(name).inserted, let key = Key(stringValue: name) { keys.append(key) }
            keyIndex = Int(tape[keyIndex + 1].next)
        }
        return keys
    }

    /// The value index for `key`, or nil.
    private func find(_ key: Key) -> Int? { find(named: key.stringValue) }

    private func find(named name: String) -> Int? {
        let tape = document.tape
        var keyIndex = object + 1
        let end = Int(tape[object].next)
        while keyIndex < end {
            if tape.string(tape[keyIndex], equals: name) { return keyIndex + 1 }
            keyIndex = Int(tape[keyIndex + 1].next)
        }
        return nil
    }

    private func require(_ key: Key) throws -> Int {
        guard let index = find(key) else {
            throw DecodingError.keyNotFound(key, .init(
                codingPath: path.keys,
                debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
        }
        return index
    }

    /// The value index for `key` when present and not null.
    private func present(_ key: Key) -> Int? {
        guard let index = find(key), document.kind(index) != .null else { return nil }
        return index
    }

    func contains(_ key: Key) -> Bool { find(key) != nil }
    func decodeNil(forKey key: Key) throws -> Bool { document.kind(try require(key)) == .null }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try document.bool(try require(key), path: path, key: key)
    }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try document.string(try require(key), path: path, key: key)
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try floatingPoint(key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try floatingPoint(key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(key) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try document.value(try require(key), as: type, path: path, key: key)
    }

    // One walk instead of the default's three (contains, decodeNil, decode) for the common optionals.
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let index = present(key) else { return nil }
        return try document.string(index, path: path, key: key)
    }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        guard let index = present(key) else { return nil }
        return try document.bool(index, path: path, key: key)
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        guard let index = present(key) else { return nil }
        return try document.integer(index, as: type, path: path, key: key)
    }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        guard let index = present(key) else { return nil }
        return try document.floatingPoint(index, as: type, path: path, key: key)
    }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let index = present(key) else { return nil }
        return try document.value(index, as: type, path: path, key: key)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try TapeDecoder(document: document, index: try require(key), path: path.appending(key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try TapeDecoder(document: document, index: try require(key), path: path.appending(key)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        let index = find(named: PositionKey.super.stringValue) ?? TapeDocument.absent
        return TapeDecoder(document: document, index: index, path: path.appending(PositionKey.super))
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        TapeDecoder(document: document, index: find(key) ?? TapeDocument.absent, path: path.appending(key))
    }

    private func integer<T: FixedWidthInteger>(_ key: Key) throws -> T {
        try document.integer(try require(key), as: T.self, path: path, key: key)
    }

    private func floatingPoint<T: BinaryFloatingPoint & LosslessStringConvertible>(_ key: Key) throws -> T {
        try document.floatingPoint(try require(key), as: T.self, path: path, key: key)
    }
}
