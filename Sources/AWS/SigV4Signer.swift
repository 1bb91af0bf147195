import Crypto
import FoundationEssentials
import HTTPClient

/// Signs requests with AWS Signature Version 4 (`Authorization` header, `AWS4-HMAC-SHA256`).
///
/// ``sign(_:date:)`` adds `Host`, `X-Amz-Date`, `X-Amz-Security-Token` (with temporary credentials),
/// `x-amz-content-sha256` (S3) and `Authorization`. Every header the request carries is signed, except
/// hop-by-hop ones and `User-Agent`, as botocore does.
///
/// S3 and the other services differ in how the path is canonicalised (see ``Rules``): S3 signs the path
/// URI-encoded once and never normalised, so `a//b/../c` stays a different key from `a/c`.
public struct SigV4Signer: Sendable {
    /// How a service wants the path canonicalised and the payload declared.
    public struct Rules: Sendable, Equatable {
        /// Remove `.` and `..` segments and repeated slashes before signing.
        public var normalizesPath: Bool
        /// Encode the path as sent (already percent-encoded) once more; if `false`, the path is
        /// decoded first, so the signature covers it encoded exactly once.
        public var encodesPathTwice: Bool
        /// Send the payload's SHA-256 as `x-amz-content-sha256` (S3 requires it).
        public var sendsContentSHA256: Bool

        /// Creates rules.
        /// - Parameters:
        ///   - normalizesPath: Remove dot segments and repeated slashes.
        ///   - encodesPathTwice: Encode the already-encoded path again.
        ///   - sendsContentSHA256: Add the `x-amz-content-sha256` header.
        public init(normalizesPath: Bool, encodesPathTwice: Bool, sendsContentSHA256: Bool) {
            self.normalizesPath = normalizesPath
            self.encodesPathTwice = encodesPathTwice
            self.sendsContentSHA256 = sendsContentSHA256
        }

        /// S3's rules: the path encoded once, not normalised; `x-amz-content-sha256` sent.
        public static let s3 = Rules(normalizesPath: false, encodesPathTwice: false, sendsContentSHA256: true)
        /// The rules of most other services (and of AWS's generic SigV4 test suite).
        public static let standard = Rules(normalizesPath: true, encodesPathTwice: true, sendsContentSHA256: false)
    }

    /// The credentials that sign.
    public var credentials: AWSCredentials
    /// The region in the credential scope, for example `eu-west-1`.
    public var region: String
    /// The service in the credential scope, for example `s3`.
    public var service: String
    /// Path and payload rules of the service.
    public var rules: Rules

    /// Headers never signed: hop-by-hop headers a proxy may change, and ones clients add on their own.
    private static let unsignedHeaders: Set<String> = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization",
        "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    /// Creates a signer.
    /// - Parameters:
    ///   - credentials: The credentials.
    ///   - region: The region.
    ///   - service: The signing name of the service, `s3` by default.
    ///   - rules: Path and payload rules, ``Rules/s3`` by default.
    public init(credentials: AWSCredentials, region: String, service: String = "s3", rules: Rules = .s3) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.rules = rules
    }

    /// Signs a request in place.
    ///
    /// Sign last, after every header and the body are final: changing a signed part afterwards
    /// invalidates the signature. Signing again (for a retry) replaces the previous signature.
    /// - Parameters:
    ///   - request: The request; its URL must be absolute. The path may be sent percent-encoded.
    ///   - date: The signing time, now by default. AWS rejects signatures more than 15 minutes off.
    public func sign(_ request: inout HTTPRequest, date: Date = Date()) {
        let timestamp = addSigningHeaders(to: &request, date: date)
        let (canonicalRequest, signedHeaders) = canonicalRequest(request)
        let scope = "\(timestamp.prefix(8))/\(region)/\(service)/aws4_request"
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(
            for: Array(stringToSign(canonicalRequest, timestamp: timestamp).utf8),
            using: signingKey(day: String(timestamp.prefix(8)))))
        request.headers["Authorization"] =
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    /// Adds `Host`, `X-Amz-Date`, the security token and the payload hash; removes an old signature.
    /// - Returns: The `X-Amz-Date` value.
    func addSigningHeaders(to request: inout HTTPRequest, date: Date) -> String {
        let timestamp = Self.timestamp(date)
        request.headers["Authorization"] = nil
        if !request.headers.contains("Host") {
            request.headers["Host"] = URLParts(request.url).hostHeader
        }
        request.headers["X-Amz-Date"] = timestamp
        if let token = credentials.sessionToken {
            request.headers["X-Amz-Security-Token"] = token
        }
        if rules.sendsContentSHA256 {
            request.headers["x-amz-content-sha256"] = Self.hex(SHA256.hash(data: request.body))
        }
        return timestamp
    }

    /// The canonical request and the `SignedHeaders` list.
    func canonicalRequest(_ request: HTTPRequest) -> (text: String, signedHeaders: String) {
        let parts = URLParts(request.url)
        let (canonicalHeaders, signedHeaders) = canonicalHeaders(request.headers)
        let payloadHash = request.headers["x-amz-content-sha256"] ?? Self.hex(SHA256.hash(data: request.body))
        let text = [
            request.method.rawValue,
            canonicalPath(parts.path),
            Self.canonicalQuery(parts.query),
            canonicalHeaders,
            signedHeaders,
            payloadHash,
        ].joined(separator: "\n")
        return (text, signedHeaders)
    }

    /// The string to sign for a canonical request.
    func stringToSign(_ canonicalRequest: String, timestamp: String) -> String {
        [
            "AWS4-HMAC-SHA256",
            timestamp,
            "\(timestamp.prefix(8))/\(region)/\(service)/aws4_request",
            Self.hex(SHA256.hash(data: Array(canonicalRequest.utf8))),
        ].joined(separator: "\n")
    }

    // MARK: - Canonical request parts

    /// The canonical URI.
    func canonicalPath(_ path: String) -> String {
        var path = path.isEmpty ? "/" : path
        if rules.normalizesPath {
            path = Self.normalize(path)
        }
        return rules.encodesPathTwice
            ? URIEncoding.encode(path, keepingSlash: true)
            : URIEncoding.encode(URIEncoding.decode(path), keepingSlash: true)
    }

    /// The canonical query string: each name and value decoded then strictly re-encoded, sorted by
    /// name and then value. `+` is a literal plus, not a space.
    static func canonicalQuery(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        let pairs = query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let name = pair.prefix { $0 != "=" }
            let value = pair.dropFirst(name.count + 1)
            return (
                URIEncoding.encode(URIEncoding.decode(String(name))),
                URIEncoding.encode(URIEncoding.decode(String(value)))
            )
        }
        return pairs
            .sorted { $0.0 != $1.0 ? $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) : $0.1.utf8.lexicographicallyPrecedes($1.1.utf8) }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// Canonical header lines (each ending in a newline) and the `SignedHeaders` list.
    func canonicalHeaders(_ headers: HTTPHeaders) -> (canonical: String, signed: String) {
        var values: [String: [String]] = [:]
        for field in headers {
            let name = field.name.lowercased()
            guard !Self.unsignedHeaders.contains(name) else { continue }
            values[name, default: []].append(Self.trimAll(field.value))
        }
        let names = values.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let canonical = names.map { "\($0):\(values[$0]!.joined(separator: ","))\n" }.joined()
        return (canonical, names.joined(separator: ";"))
    }

    /// Trims the value and collapses inner runs of whitespace (line folds included) to one space.
    static func trimAll(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            .joined(separator: " ")
    }

    /// Removes `.` and `..` segments and empty segments; keeps a trailing slash.
    static func normalize(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        let joined = "/" + segments.joined(separator: "/")
        return path.hasSuffix("/") && joined != "/" ? joined + "/" : joined
    }

    private func signingKey(day: String) -> SymmetricKey {
        func hmac(_ key: SymmetricKey, _ text: String) -> SymmetricKey {
            SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: key))
        }
        let secret = SymmetricKey(data: Array("AWS4\(credentials.secretAccessKey)".utf8))
        return hmac(hmac(hmac(hmac(secret, day), region), service), "aws4_request")
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var output: [UInt8] = []
        for byte in digest {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// `YYYYMMDD'T'HHMMSS'Z'` in UTC.
    static func timestamp(_ date: Date) -> String {
        let time = UTCTime(date)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(time.year, 4) + pad(time.month, 2) + pad(time.day, 2) + "T"
            + pad(time.hour, 2) + pad(time.minute, 2) + pad(time.second, 2) + "Z"
    }
}

/// The parts of an absolute URL that signing needs, split without validating (the suite's requests
/// carry raw spaces and UTF-8 in their paths).
struct URLParts {
    var scheme = ""
    var host = ""
    var port: Int?
    var path = "/"
    var query = ""

    init(_ url: String) {
        var rest = Substring(url)
        if let range = rest.firstRange(of: "://") {
            scheme = rest[..<range.lowerBound].lowercased()
            rest = rest[range.upperBound...]
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") {
            authority = authority[authority.index(after: at)...]
        }
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]"),
           let number = Int(authority[authority.index(after: colon)...]) {
            host = authority[..<colon].lowercased()
            port = number
        } else {
            host = authority.lowercased()
        }
        rest = rest[authorityEnd...]
        if let questionMark = rest.firstIndex(of: "?") {
            path = String(rest[..<questionMark])
            query = String(rest[rest.index(after: questionMark)...])
        } else {
            path = String(rest)
        }
        if let hash = query.firstIndex(of: "#") {
            query = String(query[..<hash])
        }
        if path.isEmpty {
            path = "/"
        }
    }

    /// The `Host` header value: the host, with the port unless it is the scheme's default.
    var hostHeader: String {
        guard let port, !(scheme == "http" && port == 80), !(scheme == "https" && port == 443) else {
            return host
        }
        return "\(host):\(port)"
    }
}
