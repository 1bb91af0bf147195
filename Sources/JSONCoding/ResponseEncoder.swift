import FoundationEssentials

/// Encodes handler results as JSON, as `JSONEncoder` with `.withoutEscapingSlashes` does but written in one
/// pass, several times faster for result-sized values.
///
/// Values are written front to back as their `encode(to:)` runs, with object keys in the order they are
/// encoded (`JSONEncoder` writes them in hash order, which changes from process to process). Scalars, strings
/// and escapes come out byte for byte as `JSONEncoder` writes them. A type that does not encode in order
/// (writes to a container after opening a sibling, repeats a key, uses `superEncoder`, writes nothing) or a
/// value `JSONEncoder` refuses (NaN, infinity) is encoded again by `JSONEncoder`, whose result or error is
/// returned: `encode(to:)` runs twice for those.
public struct ResponseEncoder: Sendable {
    /// Creates an encoder.
    public init() {}

    /// Encodes `value` as a JSON document.
    /// - Parameter value: The value to encode.
    /// - Returns: The UTF-8 JSON text.
    /// - Throws: `EncodingError`, as `JSONEncoder` throws it.
    public func encode<T: Encodable>(_ value: T) throws -> Data {
        if let data = try? encodeStreaming(value) { return data }
        let fallback = JSONEncoder()
        fallback.outputFormatting = .withoutEscapingSlashes
        return try fallback.encode(value)
    }

    /// The streaming path alone; throws when the value is left to `JSONEncoder`. Internal for tests.
    func encodeStreaming<T: Encodable>(_ value: T) throws -> Data {
        let output = JSONOutput()
        try output.writeValue(value, at: 0, path: .root)
        return Data(output.bytes)
    }
}
