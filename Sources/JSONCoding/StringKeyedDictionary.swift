import Synchronization

/// `[String: Value]` decoded and encoded member by member, as `JSONDecoder` and `JSONEncoder` special-case
/// string-keyed dictionaries too: without this, `Dictionary`'s own `Codable` goes through `allKeys` and one
/// key lookup per member.
protocol StringKeyedDecodable {
    static func decode(from document: TapeDocument, at index: Int, path: CodingPath) throws -> Self
}

/// The encoding half of ``StringKeyedDecodable``.
protocol StringKeyedEncodable {
    func write(to output: JSONOutput, at depth: Int, path: CodingPath) throws
}

extension Dictionary: StringKeyedDecodable where Key == String, Value: Decodable {
    static func decode(from document: TapeDocument, at index: Int, path: CodingPath) throws -> Self {
        guard document.kind(index) == .object else { throw document.mismatch([String: Any].self, index, path) }
        let tape = document.tape
        var result: [String: Value] = [:]
        result.reserveCapacity(Int(tape[index].count))
        var keyIndex = index + 1
        let end = Int(tape[index].next)
        while keyIndex < end {
            let key = tape.string(tape[keyIndex])
            // The first of duplicate keys wins, as in JSONDecoder; later ones are still decoded, as there.
            let value = try document.value(keyIndex + 1, as: Value.self, path: path, key: PositionKey(stringValue: key))
            if result[key] == nil { result[key] = value }
            keyIndex = Int(tape[keyIndex + 1].next)
        }
        return result
    }
}

extension Dictionary: StringKeyedEncodable where Key == String, Value: Encodable {
    func write(to output: JSONOutput, at depth: Int, path: CodingPath) throws {
        let frame = try output.open(object: true, at: depth)
        for (key, value) in self {
            // Keys of a dictionary are distinct: no duplicate check needed.
            try output.beginElement(frame: frame, at: depth + 1, key: key, checkingDuplicates: false)
            try output.writeValue(value, at: depth + 1, path: path.appending(PositionKey(stringValue: key)))
        }
        try output.endValue(at: depth)
    }
}

/// Remembers, per protocol, the last type found not to be a string-keyed dictionary.
///
/// A failed `as? any StringKeyedDecodable.Type` is a conformance lookup in the Swift runtime, several hundred
/// instructions on every call. A handler decodes the same event type and encodes the same result type on every
/// invocation, so one remembered miss answers those with a compare. The memo is only a hint: a stale or
/// overwritten entry means the cast runs again, never a wrong answer (metadata addresses are never reused).
enum StringKeyedMemo {
    private static let lastDecodableMiss = Atomic<UInt>(0)
    private static let lastEncodableMiss = Atomic<UInt>(0)

    /// `type` as a string-keyed decodable dictionary, or nil.
    @inline(__always)
    static func decodable<T>(_ type: T.Type) -> (any StringKeyedDecodable.Type)? {
        let key = UInt(bitPattern: ObjectIdentifier(type))
        if lastDecodableMiss.load(ordering: .relaxed) == key { return nil }
        if let dictionary = type as? any StringKeyedDecodable.Type { return dictionary }
        lastDecodableMiss.store(key, ordering: .relaxed)
        return nil
    }

    /// `value` as a string-keyed encodable dictionary, or nil.
    @inline(__always)
    static func encodable<T>(_ value: T) -> (any StringKeyedEncodable)? {
        let key = UInt(bitPattern: ObjectIdentifier(T.self))
        if lastEncodableMiss.load(ordering: .relaxed) == key { return nil }
        if let dictionary = value as? any StringKeyedEncodable { return dictionary }
        lastEncodableMiss.store(key, ordering: .relaxed)
        return nil
    }
}
