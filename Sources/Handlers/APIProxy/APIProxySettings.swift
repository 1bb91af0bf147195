import AWS
import HTTPClient

/// What `apiProxy` calls and where its key is, read once from the environment at init.
///
/// | variable | meaning | default |
/// |---|---|---|
/// | `UPSTREAM_URL` | the upstream API's base, `http(s)://host[:port][/base]` | required |
/// | `ADMIN_KEY_SECRET_ID` | the Secrets Manager secret holding the admin key (name or ARN) | required |
/// | `ADMIN_KEY_JSON_KEY` | the key of the secret's JSON object that holds it; empty: the whole value | empty |
/// | `WHOAMI_PATH` | the upstream's "who am I" path, called with the caller's token | `/current` |
/// | `ADMIN_PATH` | the admin call's path; `{id}` is the route's id | `/user/submission/{id}` |
/// | `ADMIN_KEY_HEADER` | the header that carries the admin key | `x-token` |
/// | `UPSTREAM_URL_ALLOW` | private or loopback hosts, addresses and CIDR ranges the upstream may be on (comma-separated) | none: public addresses only |
/// | `UPSTREAM_TIMEOUT_MS` | the longest one upstream call may take (less when the deadline is nearer) | `5000` |
/// | `SECRET_TTL_SECONDS` | how long the key is used before it is read again (rotation is picked up then) | `300` |
///
/// Empty values count as unset.
public struct APIProxySettings: Sendable, Equatable {
    /// The upstream's base URL, without a trailing `/`.
    public var upstreamURL: String
    /// Where the admin key is.
    public var adminKey: SecretReference
    /// The "who am I" path.
    public var whoAmIPath: String
    /// The admin call's path, with `{id}`.
    public var adminPath: String
    /// The header that carries the admin key.
    public var adminKeyHeader: String
    /// Where upstream connections may go: public addresses, plus what `UPSTREAM_URL_ALLOW` lists.
    public var upstreamAddressPolicy: AddressPolicy
    /// The longest one upstream call may take.
    public var upstreamTimeout: Duration
    /// How long a fetched key is used.
    public var secretTTL: Duration

    /// Reads the settings.
    /// - Parameter environment: The function's environment.
    /// - Throws: ``APIProxyError/invalidConfiguration`` naming the variable that is missing or invalid.
    public init(environment: [String: String]) throws(APIProxyError) {
        let value = { (name: String) in environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        guard var url = value("UPSTREAM_URL") else {
            throw .invalidConfiguration.with(message: "UPSTREAM_URL is not set: name the upstream API's base URL")
        }
        while url.hasSuffix("/") { url.removeLast() }
        let lowered = url.lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://"), !url.contains(where: { $0 == " " || $0 == "?" || $0 == "#" }),
              url.split(separator: "/", omittingEmptySubsequences: false).count >= 3
        else {
            throw .invalidConfiguration.with(message: "UPSTREAM_URL '\(url)' is not http(s)://host[:port][/base]")
        }
        if url.contains("{{resolve:") {
            throw .invalidConfiguration.with(message: "UPSTREAM_URL is an unresolved dynamic reference; run lambda-local with a local SSM")
        }
        upstreamURL = url
        do {
            upstreamAddressPolicy = try AddressPolicy(allowing: value("UPSTREAM_URL_ALLOW"))
        } catch {
            throw .invalidConfiguration.with(message: "UPSTREAM_URL_ALLOW: \(error.message)")
        }
        guard let secretID = value("ADMIN_KEY_SECRET_ID") else {
            throw .invalidConfiguration.with(message: "ADMIN_KEY_SECRET_ID is not set: name the Secrets Manager secret holding the admin key")
        }
        adminKey = .secret(secretID, jsonKey: value("ADMIN_KEY_JSON_KEY"))
        whoAmIPath = value("WHOAMI_PATH") ?? "/current"
        adminPath = value("ADMIN_PATH") ?? "/user/submission/{id}"
        guard whoAmIPath.hasPrefix("/"), adminPath.hasPrefix("/"), adminPath.contains("{id}") else {
            throw .invalidConfiguration.with(message: "WHOAMI_PATH and ADMIN_PATH start with '/', and ADMIN_PATH holds {id}")
        }
        adminKeyHeader = value("ADMIN_KEY_HEADER") ?? "x-token"
        guard let timeout = Int(value("UPSTREAM_TIMEOUT_MS") ?? "5000"), (1...900_000).contains(timeout),
              let ttl = Int(value("SECRET_TTL_SECONDS") ?? "300"), (0...86_400).contains(ttl)
        else {
            throw .invalidConfiguration.with(message: "UPSTREAM_TIMEOUT_MS is 1 to 900000 and SECRET_TTL_SECONDS 0 to 86400")
        }
        upstreamTimeout = .milliseconds(timeout)
        secretTTL = .seconds(ttl)
    }
}
