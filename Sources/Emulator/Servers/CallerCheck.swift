import NIOHTTP1

/// Who may call a listener, decided from the request head before any front runs.
///
/// A local server is reachable from every web page the developer opens: a page can post a "simple request"
/// (no preflight) to `127.0.0.1`, and DNS rebinding lets it read the answers under its own name. So a listener
/// serves only requests whose `Host` names it (a loopback name, or a name the user allowed, with its port), and
/// the Invoke API, which no browser has reason to call, also refuses requests with an `Origin` or a body type
/// other than what the AWS CLI and SDKs send.
struct CallerCheck: Sendable {
    /// Host names (lower-cased, IPv6 in brackets) served, with the listener's port.
    var hostNames: Set<String>
    /// Refuse requests a browser makes: any `Origin`, `Sec-Fetch-Site` other than `none`/`same-origin`, and
    /// (with ``checksBodyType``) a body type that is not JSON or bytes.
    var refusesBrowsers: Bool
    /// Whether a browser's body types are refused too; off for the local AWS services, whose uploads carry any type.
    var checksBodyType = true

    /// Body types the AWS CLI, botocore and the SDKs send to the Invoke API.
    static let sdkContentTypes: Set<String> = [
        "application/json", "application/octet-stream", "binary/octet-stream", "application/x-amz-json-1.0",
        "application/x-amz-json-1.1",
    ]

    /// The loopback names (`127.0.0.1`, `localhost`, `[::1]`) plus `alsoAllow`.
    static func loopback(alsoAllow: [String] = [], refusesBrowsers: Bool, checksBodyType: Bool = true) -> CallerCheck {
        CallerCheck(
            hostNames: Set(["127.0.0.1", "localhost", "[::1]"] + alsoAllow.map { $0.lowercased() }),
            refusesBrowsers: refusesBrowsers, checksBodyType: checksBodyType)
    }

    /// Why the request is refused, or nil when it may be served.
    /// - Parameters:
    ///   - head: The request head.
    ///   - port: The port the listener is bound to.
    func refusal(for head: HTTPRequestHead, port: Int) -> String? {
        let hosts = head.headers["Host"]
        guard hosts.count == 1, let host = hosts.first else {
            return "Forbidden: a request needs exactly one Host header naming this server (127.0.0.1:\(port))"
        }
        guard let (name, hostPort) = Self.split(host), hostNames.contains(name), hostPort == port else {
            return "Forbidden: Host '\(host)' is not this server; use 127.0.0.1:\(port) or localhost:\(port)"
                + " (allow other names with --allow-host)"
        }
        guard refusesBrowsers else { return nil }
        if head.headers.contains(name: "Origin") {
            return "Forbidden: requests from web pages (with an Origin header) may not invoke functions"
        }
        if let site = head.headers.first(name: "Sec-Fetch-Site")?.lowercased(), site != "none", site != "same-origin" {
            return "Forbidden: requests from other web sites (Sec-Fetch-Site: \(site)) are not served here"
        }
        if checksBodyType, let type = head.headers.first(name: "Content-Type") {
            let mediaType = type.split(separator: ";", maxSplits: 1).first.map { $0.trimmingSpaces.lowercased() } ?? ""
            if !Self.sdkContentTypes.contains(mediaType) {
                return "Forbidden: Content-Type '\(type)' is what browsers send; the Invoke API takes application/json"
                    + " (curl: add -H 'Content-Type: application/json')"
            }
        }
        return nil
    }

    /// `name[:port]` or `[v6][:port]` as lower-cased name and port (80 when absent); nil when malformed.
    static func split(_ host: String) -> (name: String, port: Int)? {
        var name = Substring(host.lowercased())
        var port = 80
        if let colon = name.lastIndex(of: ":"), !name.hasSuffix("]") {
            guard let number = Int(name[name.index(after: colon)...]), (0...65535).contains(number) else { return nil }
            port = number
            name = name[..<colon]
        }
        guard !name.isEmpty, !name.contains(":") || (name.hasPrefix("[") && name.hasSuffix("]")) else { return nil }
        return (String(name), port)
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return text
    }
}
