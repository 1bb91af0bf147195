/// An HTTP request method.
///
/// A struct rather than an enum so that any method a server understands can be sent,
/// while the common ones read naturally (`.get`, `.put`).
public struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The method as it appears on the request line, for example `GET`.
    public let rawValue: String

    /// Creates a method from its request-line spelling.
    /// - Parameter rawValue: The method, for example `PATCH`. Sent as given.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// `GET`
    public static let get = HTTPMethod(rawValue: "GET")
    /// `HEAD`: the response has headers but no body.
    public static let head = HTTPMethod(rawValue: "HEAD")
    /// `PUT`
    public static let put = HTTPMethod(rawValue: "PUT")
    /// `POST`
    public static let post = HTTPMethod(rawValue: "POST")
    /// `DELETE`
    public static let delete = HTTPMethod(rawValue: "DELETE")

    /// The method's request-line spelling.
    public var description: String { rawValue }
}
