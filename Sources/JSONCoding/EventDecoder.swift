import FoundationEssentials

/// Decodes JSON events as `JSONDecoder` (default strategies) does, several times faster for the small
/// documents Lambda events are.
///
/// `JSONDecoder` builds a dictionary of `String` keys for every object it opens and resolves generic
/// metadata on every call; on a warm Lambda that is most of the runtime's own time per invocation. This
/// decoder reads a flat, validated tape of the document instead and looks keys up by bytes.
///
/// It never answers differently from `JSONDecoder`: documents it does not take whole (see ``JSONTape``) go to
/// `JSONDecoder`, and when decoding throws, `JSONDecoder` decodes the document again, so the error a caller
/// sees is `JSONDecoder`'s own, word for word. A type's `init(from:)` therefore runs twice for an event that
/// fails to decode.
public struct EventDecoder: Sendable {
    /// Values handed to every type's `init(from:)` as `decoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// Creates a decoder with `JSONDecoder`'s default strategies.
    public init() {}

    /// Decodes a value of `type` from a JSON document.
    /// - Parameters:
    ///   - type: The type to decode.
    ///   - data: The JSON document.
    /// - Returns: The decoded value, the same `JSONDecoder` returns.
    /// - Throws: `DecodingError`, exactly as `JSONDecoder` throws it.
    public func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        if let value = try? decodeFromTape(type, from: data) { return value }
        let fallback = JSONDecoder()
        fallback.userInfo = userInfo
        return try fallback.decode(type, from: data)
    }

    /// The tape path alone: nil when the document is left to `JSONDecoder`. Internal for tests that prove the
    /// fast path was taken.
    func decodeFromTape<T: Decodable>(_ type: T.Type, from data: Data) throws -> T? {
        guard let tape = data.withUnsafeBytes({ JSONTape([UInt8]($0)) }) else { return nil }
        return try TapeDocument(tape: tape, userInfo: userInfo).value(0, as: type, path: .root)
    }
}
