import Foundation
import HTTPClient

/// moto's S3 server with a fault-injecting proxy in front (`s3_test_server.py`), on free loopback ports.
///
/// Point clients at ``proxyEndpoint`` to get faults and the request log, or at ``motoEndpoint`` to
/// talk to moto directly. Control calls (seeding, policies, listing keys) go straight to moto's
/// backend, so assertions don't depend on the client under test.
public final class S3TestServer: Sendable {
    private let process: ServerProcess
    private let http = HTTPClient()
    /// moto itself.
    public let motoEndpoint: String
    /// The proxy in front of moto.
    public let proxyEndpoint: String

    /// Credentials and region for clients of this server (moto accepts any).
    public static let environment = [
        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing",
        "AWS_REGION": "us-east-1",
    ]

    /// Starts moto and the proxy.
    /// - Throws: When the script cannot start.
    public init() throws {
        process = try ServerProcess(script: "s3_test_server.py")
        motoEndpoint = "http://127.0.0.1:\(process.port("moto"))"
        proxyEndpoint = "http://127.0.0.1:\(process.port("proxy"))"
    }

    /// Stops both servers.
    public func stop() {
        process.stop()
    }

    @discardableResult
    private func control(_ method: HTTPMethod, _ path: String, _ payload: Any? = nil) throws -> Any {
        let body = try payload.map { try Array(JSONSerialization.data(withJSONObject: $0, options: .fragmentsAllowed)) } ?? []
        let response = try http.executeBlocking(HTTPRequest(method: method, url: proxyEndpoint + path, body: body))
        guard response.status == 200 else {
            throw ServerProcessError(message: "\(path): HTTP \(response.status) \(String(decoding: response.body, as: UTF8.self))")
        }
        return try JSONSerialization.jsonObject(with: Data(response.body))
    }

    /// Creates a bucket.
    public func createBucket(_ bucket: String) throws {
        try control(.post, "/__moto__/buckets", ["bucket": bucket])
    }

    /// Every bucket with its region, sorted by name, read from moto's backend.
    public func buckets() throws -> [(name: String, region: String)] {
        let listed = try control(.get, "/__moto__/buckets") as! [[String: String]]
        return listed.map { ($0["name"] ?? "", $0["region"] ?? "") }
    }

    /// Puts objects directly into moto's backend, backdating `LastModified` by `ageSeconds` when given.
    public func seed(bucket: String, objects: [(key: String, ageSeconds: Int?)]) throws {
        for start in stride(from: 0, to: objects.count, by: 2000) {
            let chunk = objects[start..<min(start + 2000, objects.count)].map { object -> [String: Any] in
                var item: [String: Any] = ["key": object.key]
                item["ageSeconds"] = object.ageSeconds
                return item
            }
            try control(.post, "/__moto__/seed", ["bucket": bucket, "objects": chunk])
        }
    }

    /// Sets a bucket policy (moto enforces Deny statements on DeleteObjects keys).
    public func setPolicy(bucket: String, policy: [String: Any]) throws {
        try control(.post, "/__moto__/policy", ["bucket": bucket, "policy": policy])
    }

    /// Every key in the bucket, sorted, read from moto's backend.
    public func keys(bucket: String) throws -> [String] {
        try control(.get, "/__moto__/keys?bucket=\(bucket)") as! [String]
    }

    /// Replaces the proxy's fault rules. Each rule: `method`, `pathContains` (optional filters),
    /// `times` (how many requests it hits), and `status` + `body`, or `reset: true`; `delayMs` delays the
    /// answer (moto's own when the rule has no `status` and no `reset`).
    public func setFaults(_ rules: [[String: Any]]) throws {
        try control(.post, "/__proxy__/faults", rules)
    }

    /// Makes the proxy rewrite continuation tokens to hold `+`, `/` and `=`.
    public func setAwkwardTokens(_ on: Bool) throws {
        try control(.post, "/__proxy__/awkward-tokens", on)
    }

    /// The requests the proxy has seen: `method`, `path`, `headers`, `contentMD5Valid`.
    public func log() throws -> [[String: Any]] {
        try control(.get, "/__proxy__/log") as! [[String: Any]]
    }
}
