import FoundationEssentials

/// A parsed document shared by every decoder and container of one `decode` call, with the conversions from
/// tape entries to Swift values and the errors `JSONDecoder` throws for the same mistakes.
final class TapeDocument {
    let tape: JSONTape
    let userInfo: [CodingUserInfoKey: Any]

    /// The index that stands for a value that is not in the document (a missing `super` key reads as null).
    static let absent = -1

    init(tape: JSONTape, userInfo: [CodingUserInfoKey: any Sendable]) {
        self.tape = tape
        var converted: [CodingUserInfoKey: Any] = [:]
        if !userInfo.isEmpty {
            for (key, value) in userInfo { converted[key] = value }
        }
        self.userInfo = converted
    }

    func kind(_ index: Int) -> JSONTape.Kind {
        index == Self.absent ? .null : tape[index].kind
    }

    // MARK: Values

    // Scalars take the container's path and the value's key apart, so a successful read builds no path.

    func bool(_ index: Int, path: CodingPath, key: (any CodingKey)? = nil) throws -> Bool {
        switch kind(index) {
        case .true: return true
        case .false: return false
        default: throw mismatch(Bool.self, index, path.appending(key))
        }
    }

    func string(_ index: Int, path: CodingPath, key: (any CodingKey)? = nil) throws -> String {
        guard index != Self.absent, tape[index].kind == .string else {
            throw mismatch(String.self, index, path.appending(key))
        }
        return tape.string(tape[index])
    }

    func integer<T: FixedWidthInteger>(_ index: Int, as type: T.Type, path: CodingPath, key: (any CodingKey)? = nil) throws -> T {
        guard kind(index) == .number else { throw mismatch(T.self, index, path.appending(key)) }
        do {
            return try tape.integer(tape[index], as: T.self)
        } catch {
            throw notRepresentable(index, path.appending(key))
        }
    }

    func floatingPoint<T: BinaryFloatingPoint & LosslessStringConvertible>(
        _ index: Int, as type: T.Type, path: CodingPath, key: (any CodingKey)? = nil
    ) throws -> T {
        guard kind(index) == .number else { throw mismatch(T.self, index, path.appending(key)) }
        do {
            return try tape.floatingPoint(tape[index], as: T.self)
        } catch {
            throw notRepresentable(index, path.appending(key))
        }
    }

    /// Any `Decodable`, with `JSONDecoder`'s default treatment of the types it special-cases: `Data` from
    /// Base64, `URL` from a string, `Decimal` from the number's digits (`Date` needs nothing: its default
    /// strategy is the type's own `Decodable`).
    func value<T: Decodable>(_ index: Int, as type: T.Type, path: CodingPath, key: (any CodingKey)? = nil) throws -> T {
        // The common scalars skip building a decoder and a path.
        if T.self == String.self { return sameType(try string(index, path: path, key: key)) }
        if T.self == Int.self { return sameType(try integer(index, as: Int.self, path: path, key: key)) }
        if T.self == Bool.self { return sameType(try bool(index, path: path, key: key)) }
        if T.self == Double.self { return sameType(try floatingPoint(index, as: Double.self, path: path, key: key)) }
        if kind(index) == .object, let dictionary = StringKeyedMemo.decodable(T.self) {
            return try dictionary.decode(from: self, at: index, path: path.appending(key)) as! T
        }
        if T.self == Data.self || T.self == URL.self || T.self == Decimal.self {
            return try specialValue(index, as: T.self, path: path.appending(key))
        }
        return try T(from: TapeDecoder(document: self, index: index, path: path.appending(key)))
    }

    private func specialValue<T: Decodable>(_ index: Int, as type: T.Type, path: CodingPath) throws -> T {
        if kind(index) == .null {
            throw DecodingError.valueNotFound(T.self, .init(
                codingPath: path.keys, debugDescription: "Cannot get value of type \(T.self) -- found null value instead"))
        }
        if T.self == Data.self {
            guard let data = Data(base64Encoded: try string(index, path: path)) else {
                throw DecodingError.dataCorrupted(.init(codingPath: path.keys, debugDescription: "Encountered Data is not valid Base64."))
            }
            return data as! T
        }
        if T.self == URL.self {
            guard let url = URL(string: try string(index, path: path)) else {
                throw DecodingError.dataCorrupted(.init(codingPath: path.keys, debugDescription: "Invalid URL string."))
            }
            return url as! T
        }
        guard kind(index) == .number else {
            throw DecodingError.typeMismatch(Decimal.self, .init(codingPath: path.keys, debugDescription: ""))
        }
        guard let decimal = Decimal(string: tape.text(tape[index])) else { throw notRepresentable(index, path) }
        return decimal as! T
    }

    // MARK: Errors, worded as JSONDecoder words them

    func mismatch(_ type: Any.Type, _ index: Int, _ path: CodingPath) -> DecodingError {
        if kind(index) == .null {
            return .valueNotFound(type, .init(
                codingPath: path.keys, debugDescription: "Cannot get value of type \(type) -- found null value instead"))
        }
        return .typeMismatch(type, .init(
            codingPath: path.keys, debugDescription: "Expected to decode \(type) but found \(describe(index)) instead."))
    }

    private func notRepresentable(_ index: Int, _ path: CodingPath) -> DecodingError {
        .dataCorrupted(.init(
            codingPath: path.keys,
            debugDescription: "Number \(tape.text(tape[index])) is not representable in Swift."))
    }

    private func describe(_ index: Int) -> String {
        switch kind(index) {
        case .object: return "a dictionary"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "number"
        case .true, .false: return "bool"
        case .null: return "null"
        }
    }
}

/// Where a value sits in the document, built only as far as an error or `codingPath` needs it.
indirect enum CodingPath {
    case root
    case key(any CodingKey, parent: CodingPath)

    func appending(_ key: (any CodingKey)?) -> CodingPath {
        guard let key else { return self }
        return .key(key, parent: self)
    }

    var keys: [any CodingKey] {
        var keys: [any CodingKey] = []
        var node = self
        while case .key(let key, let parent) = node {
            keys.append(key)
            node = parent
        }
        return keys.reversed()
    }
}

/// The keys `JSONDecoder` uses where a type has none: array positions (`Index 3`) and `super`. The name of a
/// position is made only when asked for (errors, `codingPath`).
struct PositionKey: CodingKey {
    private let name: String?
    let intValue: Int?

    var stringValue: String { name ?? "Index \(intValue!)" }

    init(index: Int) {
        name = nil
        intValue = index
    }

    init(stringValue: String) {
        name = stringValue
        intValue = nil
    }

    init?(intValue: Int) {
        self.init(index: intValue)
    }

    static let `super` = PositionKey(stringValue: "super")
}
