import Foundation
import HTTPClient

/// `upstream_api.py`: the admin API `apiProxy` fronts, on a free loopback port, recording every request it gets.
public final class UpstreamAPIServer: Sendable {
    private let process: ServerProcess
    private let http = HTTPClient()
    /// `http://127.0.0.1:<port>`.
    public let url: String

    /// One request the API received.
    public struct Received: Sendable, Equatable {
        /// `GET`, `PUT`, …
        public var method: String
        /// The path and query.
        public var path: String
        /// Headers by lower-case name.
        public var headers: [String: String]
        /// The body as text.
        public var body: String
    }

    /// Starts the server.
    public init() throws {
        process = try ServerProcess(script: "upstream_api.py")
        url = "http://127.0.0.1:\(process.port())"
    }

    /// Stops it.
    public func stop() { process.stop() }

    /// Every request received so far, in order.
    public func received() throws -> [Received] {
        let response = try http.executeBlocking(HTTPRequest(url: url + "/__log__"))
        let entries = try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]] ?? []
        return entries.map {
            Received(
                method: $0["method"] as? String ?? "", path: $0["path"] as? String ?? "",
                headers: $0["headers"] as? [String: String] ?? [:], body: $0["body"] as? String ?? "")
        }
    }

    /// Sets the admin key the API accepts.
    public func acceptAdminKey(_ key: String) throws { try control("/__admin_key__", ["key": key]) }

    /// Makes every later answer wait `seconds`.
    public func delayAnswers(by seconds: Double) throws { try control("/__delay__", ["seconds": seconds]) }

    private func control(_ path: String, _ payload: [String: Any]) throws {
        let body = try JSONSerialization.data(withJSONObject: payload)
        let response = try http.executeBlocking(HTTPRequest(method: .post, url: url + path, body: Array(body)))
        guard response.status == 200 else { throw ServerProcessError(message: "\(path): HTTP \(response.status)") }
    }
}
