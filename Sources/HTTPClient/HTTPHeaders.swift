/// An ordered list of HTTP header fields.
///
/// Order and repeated names are kept as sent or received; lookups ignore the case of names,
/// as HTTP does.
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// The fields in order, names as given.
    public private(set) var fields: [(name: String, value: String)]

    /// Creates headers from fields in order.
    /// - Parameter fields: Name and value pairs; names keep their case.
    public init(_ fields: [(name: String, value: String)] = []) {
        self.fields = fields
    }

    /// Creates headers from a literal such as `["Content-Type": "text/plain"]`.
    /// - Parameter elements: Name and value pairs in literal order.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.fields = elements.map { (name: $0.0, value: $0.1) }
    }

    /// The first value of the field named `name` (any case), or `nil`.
    /// Setting replaces every field of that name with one field, or removes them all when `nil`.
    public subscript(name: String) -> String? {
        get { fields.first { $0.name.lowercased() == name.lowercased() }?.value }
        set {
            let lowered = name.lowercased()
            let firstIndex = fields.firstIndex { $0.name.lowercased() == lowered }
            fields.removeAll { $0.name.lowercased() == lowered }
            if let newValue {
                // Fields before the first match survive the removal, so its index is still the right place.
                fields.insert((name: name, value: newValue), at: firstIndex ?? fields.count)
            }
        }
    }

    /// Every value of the field named `name` (any case), in order.
    /// - Parameter name: The field name.
    /// - Returns: The values, empty when the field is absent.
    public func values(for name: String) -> [String] {
        let lowered = name.lowercased()
        return fields.filter { $0.name.lowercased() == lowered }.map(\.value)
    }

    /// Appends a field, keeping any existing fields of the same name.
    /// - Parameters:
    ///   - name: The field name.
    ///   - value: The field value.
    public mutating func add(name: String, value: String) {
        fields.append((name: name, value: value))
    }

    /// Whether a field named `name` (any case) is present.
    /// - Parameter name: The field name.
    /// - Returns: `true` if at least one field has that name.
    public func contains(_ name: String) -> Bool {
        self[name] != nil
    }

    /// Iterates over the fields in order.
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }

    /// Headers are equal when they hold the same fields in the same order.
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }
}
