import HTTPClient

/// The forwarding connection of ``ServicesFront`` to moto_server, over the project's libcurl client.
///
/// A file of its own because it imports `HTTPClient`, whose `HTTPHeaders` and `HTTPMethod` share names with
/// NIOHTTP1's, which the front uses.
struct ServicesUpstream: Sendable {
    /// One answer of moto.
    struct Answer: Sendable {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]
    }

    /// moto's own address, e.g. `http://127.0.0.1:41234`.
    let base: String
    private let client = HTTPClient(configuration: .init(timeout: .seconds(300), redirects: .none))

    init(base: String) { self.base = base }

    /// Sends one request, path and query as the caller gave them; redirects are the caller's to follow.
    func send(method: String, uri: String, headers: [(name: String, value: String)], body: [UInt8]) async throws -> Answer {
        let request = HTTPRequest(method: HTTPMethod(rawValue: method), url: base + uri, headers: .init(headers), body: body)
        let response = try await client.execute(request)
        return Answer(status: response.status, headers: response.headers.fields, body: response.body)
    }
}
