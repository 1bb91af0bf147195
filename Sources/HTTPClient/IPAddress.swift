/// An IPv4 or IPv6 address as the bytes a socket connects to, and the special-purpose ranges an
/// outbound fetch of a user's URL must not reach.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// 4 bytes (IPv4) or 16 bytes (IPv6), network order.
    public let bytes: [UInt8]

    /// Creates an address from 4 or 16 bytes; `nil` for any other length.
    /// - Parameter bytes: The address in network order.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Parses dotted-quad IPv4 (`10.0.0.1`, exactly four decimal parts) or IPv6 (`::1`, `fe80::1`,
    /// `::ffff:1.2.3.4`). Shorthand forms such as `127.1` or `0x7f.1` are refused here: the policy
    /// judges the address a connection really goes to, so it never needs to read them.
    /// - Parameter text: The address.
    public init?(_ text: String) {
        if let v4 = Self.parseIPv4(Substring(text)) {
            bytes = v4
        } else if let v6 = Self.parseIPv6(text) {
            bytes = v6
        } else {
            return nil
        }
    }

    /// The dotted or colon form.
    public var description: String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
            .joined(separator: ":")
    }

    /// The IPv4 address an IPv6 address carries (mapped `::ffff:a.b.c.d`, compatible `::a.b.c.d`,
    /// NAT64 `64:ff9b::a.b.c.d`, 6to4 `2002:aabb:ccdd::`), if any.
    public var embeddedIPv4: IPAddress? {
        guard bytes.count == 16 else { return nil }
        let head = bytes[0..<12]
        if head.elementsEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF]) || head.allSatisfy({ $0 == 0 })
            || head.elementsEqual([0, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0]) {
            return IPAddress(bytes: Array(bytes[12..<16]))
        }
        if bytes[0] == 0x20, bytes[1] == 0x02 {
            return IPAddress(bytes: Array(bytes[2..<6]))
        }
        return nil
    }

    /// Whether the address is in a range a fetch of someone else's URL must not reach: this host
    /// (`0/8`, loopback), private networks (RFC 1918, CGNAT `100.64/10`, IPv6 unique-local `fc00::/7`),
    /// link-local (`169.254/16` — cloud metadata — and `fe80::/10`), multicast, broadcast, reserved and
    /// documentation ranges, and IPv6 forms that carry such an IPv4 address.
    public var isSpecialPurpose: Bool {
        if bytes.count == 4 {
            return Self.specialIPv4.contains { $0.contains(self) }
        }
        if let inner = embeddedIPv4 {
            // ::/128 and ::1 are IPv6's own "unspecified" and loopback; the rest judge the IPv4 inside.
            return inner.isSpecialPurpose || bytes[0..<15].allSatisfy { $0 == 0 }
        }
        return Self.specialIPv6.contains { $0.contains(self) }
    }

    private static let specialIPv4: [IPNetwork] = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
        "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
    ].map { IPNetwork($0)! }

    private static let specialIPv6: [IPNetwork] = [
        "::/128", "::1/128", "100::/64", "2001::/23", "2001:db8::/32", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
    ].map { IPNetwork($0)! }

    static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.utf8.count), part.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
                  !(part.utf8.count > 1 && part.utf8.first == 0x30), let value = UInt8(part)
            else { return nil }
            out.append(value)
        }
        return out
    }

    static func parseIPv6(_ text: String) -> [UInt8]? {
        guard text.contains(":"), text.utf8.count <= 45 else { return nil }
        var tail = Substring(text)
        var v4: [UInt8] = []
        if let lastColon = text.lastIndex(of: ":"), text[lastColon...].contains(".") {
            guard let parsed = parseIPv4(text[text.index(after: lastColon)...]) else { return nil }
            v4 = parsed
            tail = text[...lastColon]
            if tail.hasSuffix(":") && !tail.hasSuffix("::") { tail = tail.dropLast() }
        }
        let halves = tail.split(separator: "::", omittingEmptySubsequences: false)
        guard halves.count <= 2 else { return nil }
        func groups(_ part: Substring) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), let value = UInt16(group, radix: 16) else { return nil }
                out.append(value)
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        let rest = halves.count == 2 ? groups(halves[1]) : []
        guard let rest else { return nil }
        let total = head.count + rest.count + v4.count / 2
        guard halves.count == 2 ? total < 8 : total == 8 else { return nil }
        let all = head + Array(repeating: 0, count: 8 - total) + rest
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } + v4
    }
}

/// An address range in CIDR form (`10.0.0.0/8`, `fd00::/8`, or one address).
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    /// The first address.
    public let address: IPAddress
    /// Leading bits that must match.
    public let prefixLength: Int

    /// Parses `address/length`, or a lone address (all bits).
    /// - Parameter text: The range.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(String(parts[0])) else { return nil }
        let bits = address.bytes.count * 8
        if parts.count == 2 {
            guard let length = Int(parts[1]), (0...bits).contains(length) else { return nil }
            prefixLength = length
        } else {
            prefixLength = bits
        }
        self.address = address
    }

    /// `address/length`.
    public var description: String { "\(address)/\(prefixLength)" }

    /// Whether an address lies in this range (an IPv4 range also holds that address's IPv6 forms).
    /// - Parameter candidate: The address.
    public func contains(_ candidate: IPAddress) -> Bool {
        var candidate = candidate
        if candidate.bytes.count != address.bytes.count {
            guard address.bytes.count == 4, let inner = candidate.embeddedIPv4 else { return false }
            candidate = inner
        }
        var remaining = prefixLength
        for (a, b) in zip(address.bytes, candidate.bytes) where remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
            if a & mask != b & mask { return false }
            remaining -= 8
        }
        return true
    }
}
