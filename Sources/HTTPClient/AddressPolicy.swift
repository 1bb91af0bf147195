/// Where an ``HTTPClient`` may connect, judged at connect time on the address each connection really
/// goes to (every address tried, every redirect), never on the URL's text: `2130706433`, `0x7f.1`,
/// `[::ffff:127.0.0.1]` or a name that resolves to loopback all reach the same check.
///
/// ``publicOnly`` refuses ``IPAddress/isSpecialPurpose`` addresses (loopback, `0/8`, private, CGNAT,
/// link-local, multicast, unique-local, and the IPv6 forms that carry them) and URLs with user
/// information (`user:pw@`), redirects included. Named hosts and ranges can be let through, for a
/// function that must reach a private service or a test that serves from loopback.
public struct AddressPolicy: Sendable, Equatable {
    /// Whether special-purpose addresses and user information are refused at all.
    public let restricts: Bool
    /// Ranges let through although special-purpose.
    public let allowedNetworks: [IPNetwork]
    /// Host names (lowercased, as in the URL) whose connections are let through whatever they resolve to.
    public let allowedHosts: Set<String>

    /// No restriction: any address, user information passed to curl. Right for AWS APIs and endpoints
    /// the function's own configuration names.
    public static let unrestricted = AddressPolicy(restricts: false, allowedNetworks: [], allowedHosts: [])

    /// Public addresses only, no user information: for URLs that come from a request.
    public static let publicOnly = AddressPolicy(restricts: true, allowedNetworks: [], allowedHosts: [])

    /// Public addresses plus the given exceptions.
    /// - Parameters:
    ///   - networks: Ranges to let through.
    ///   - hosts: Host names to let through.
    /// - Returns: The policy.
    public static func publicOnly(allowing networks: [IPNetwork], hosts: Set<String> = []) -> AddressPolicy {
        AddressPolicy(restricts: true, allowedNetworks: networks, allowedHosts: Set(hosts.map { $0.lowercased() }))
    }

    /// Public addresses plus the exceptions a setting lists: comma-separated addresses, CIDR ranges and host
    /// names, e.g. `127.0.0.1,10.0.0.0/8,images.internal`. Empty or absent: ``publicOnly``.
    /// - Parameter setting: The list.
    /// - Throws: ``HTTPClientError/invalidURL`` naming an entry that is neither a range nor a host name.
    public init(allowing setting: String?) throws(HTTPClientError) {
        var networks: [IPNetwork] = []
        var hosts: Set<String> = []
        for entry in (setting ?? "").split(separator: ",") {
            let item = entry.trimmingSpaces()
            if item.isEmpty { continue }
            if let network = IPNetwork(item) {
                networks.append(network)
            } else if item.utf8.allSatisfy({ $0 == 0x2D || $0 == 0x2E || (0x30...0x39).contains($0) || (0x61...0x7A).contains($0 | 0x20) }),
                      !item.contains("/") {
                hosts.insert(item.lowercased())
            } else {
                throw HTTPClientError.invalidURL.with(message: "'\(item)' is neither an address range nor a host name")
            }
        }
        self = .publicOnly(allowing: networks, hosts: hosts)
    }

    private init(restricts: Bool, allowedNetworks: [IPNetwork], allowedHosts: Set<String>) {
        self.restricts = restricts
        self.allowedNetworks = allowedNetworks
        self.allowedHosts = allowedHosts
    }

    /// Whether a connection to `address`, made for a URL whose host is `host`, may be opened.
    /// - Parameters:
    ///   - address: The address curl is about to connect to.
    ///   - host: The URL's host name, lowercased, brackets removed; `nil` if unknown.
    /// - Returns: `true` to connect.
    public func allows(_ address: IPAddress, host: String?) -> Bool {
        guard restricts, address.isSpecialPurpose else { return true }
        if let host, allowedHosts.contains(host) { return true }
        return allowedNetworks.contains { $0.contains(address) }
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
