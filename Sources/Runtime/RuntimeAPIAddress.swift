/// Where the Runtime API listens, from `AWS_LAMBDA_RUNTIME_API`.
///
/// Lambda gives `host:port` (or `[v6]:port`); other emulators (cargo-lambda, …) give a URL,
/// `http://host:port[/path]`, whose path prefixes every Runtime API path. Both reduce to the same three fields
/// once at start-up, so the requests the client pre-assembles are byte for byte today's for Lambda's form.
struct RuntimeAPIAddress: Equatable, Sendable {
    /// The host to connect to (an IP literal without brackets, or a name).
    var host: String
    /// The TCP port.
    var port: UInt16
    /// The `Host` header's value: `host:port` as given.
    var authority: String
    /// Prepended to `/2018-06-01/…`: empty for Lambda, e.g. `/.rt` for cargo-lambda (no trailing slash).
    var basePath: String

    /// Parses `host:port`, `[v6]:port` or `http://host:port[/path]`.
    /// - Throws: ``LambdaRuntimeError`` `missingEnvironment` naming the value and the forms accepted.
    init(_ value: String) throws {
        var rest = Substring(value)
        basePath = ""
        let scheme = "http://"
        if rest.count >= scheme.count, rest.prefix(scheme.count).lowercased() == scheme {
            rest = rest.dropFirst(scheme.count)
            if let slash = rest.firstIndex(of: "/") {
                var path = rest[slash...]
                while path.hasSuffix("/") { path = path.dropLast() }
                guard path.allSatisfy(Self.isPathCharacter) else { throw Self.invalid(value) }
                basePath = String(path)
                rest = rest[..<slash]
            }
        } else if rest.contains("://") {
            throw LambdaRuntimeError.missingEnvironment(
                "AWS_LAMBDA_RUNTIME_API '\(value)': only http:// is supported (the Runtime API is plain HTTP on loopback)")
        }
        authority = String(rest)
        let portText: Substring
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]"), rest[rest.index(after: close)...].hasPrefix(":") else {
                throw Self.invalid(value)
            }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            portText = rest[rest.index(close, offsetBy: 2)...]
        } else {
            guard let colon = rest.lastIndex(of: ":") else { throw Self.invalid(value) }
            host = String(rest[..<colon])
            portText = rest[rest.index(after: colon)...]
        }
        guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "/" || $0 == "@" }),
            portText.allSatisfy({ $0.isASCII && $0.isNumber }), let port = UInt16(portText), port > 0
        else { throw Self.invalid(value) }
        self.port = port
    }

    private static func isPathCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "/-._~".contains(character))
    }

    private static func invalid(_ value: String) -> LambdaRuntimeError {
        .missingEnvironment("AWS_LAMBDA_RUNTIME_API '\(value)' is not host:port, [host]:port or http://host:port[/path]")
    }
}
