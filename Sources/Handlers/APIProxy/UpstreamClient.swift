import HTTPClient

/// The two calls `apiProxy` makes to the upstream, each bounded by the invocation's deadline.
///
/// A transfer's time limit is fixed per `HTTPClient`, so each call gets a client whose limit is the time left (at
/// most the configured limit): curl then ends a slow call itself, before Lambda would end the invocation.
/// `makeTransport` builds those clients; it is where an outbound-address policy is applied.
public struct UpstreamClient: Sendable {
    /// Builds the transport for one call, given its time limit.
    public typealias Transport = @Sendable (_ timeout: Duration) -> HTTPClient

    /// The settings the calls are made from.
    public let settings: APIProxySettings
    private let makeTransport: Transport

    /// The largest upstream answer passed on.
    public static let maxResponseBytes = 1 << 20

    /// Creates the client.
    /// - Parameters:
    ///   - settings: URL, paths, header and time limit.
    ///   - makeTransport: The client for one call; by default no redirects, 1 MiB at most, the given limit, and
    ///     connections only where `settings.upstreamAddressPolicy` allows.
    public init(settings: APIProxySettings, makeTransport: Transport? = nil) {
        self.settings = settings
        self.makeTransport = makeTransport ?? { timeout in
            HTTPClient(configuration: .init(
                connectTimeout: min(timeout, .seconds(2)), timeout: timeout,
                maxResponseBodySize: UpstreamClient.maxResponseBytes, redirects: .none,
                addressPolicy: settings.upstreamAddressPolicy))
        }
    }

    /// Asks the "who am I" endpoint whether the caller's token is good.
    /// - Throws: ``APIProxyError/tokenRefused`` (with the upstream's 401 or 403), or a transport or upstream error.
    public func checkToken(_ token: String, before deadline: ContinuousClock.Instant) async throws(APIProxyError) {
        let response = try await send(
            HTTPRequest(method: .get, url: settings.upstreamURL + settings.whoAmIPath, headers: ["Authorization": "Bearer \(token)", "Accept": "application/json"]),
            call: "who-am-I", before: deadline)
        switch response.status {
        case 200..<300: return
        case 401, 403: throw .tokenRefused.with(message: "who-am-I answered \(response.status)", status: response.status)
        default: throw .upstreamError.with(message: "who-am-I answered \(response.status)")
        }
    }

    /// Makes the admin call with the key and returns the upstream's answer.
    /// - Throws: ``APIProxyError/adminKeyRefused`` for 401 or 403, ``APIProxyError/upstreamError`` for 5xx, or a
    ///   transport error.
    public func adminUpdate(
        id: String, body: [UInt8], contentType: String?, key: String, before deadline: ContinuousClock.Instant
    ) async throws(APIProxyError) -> HTTPResponse {
        var headers: HTTPHeaders = [settings.adminKeyHeader: key, "Accept": "application/json"]
        headers["Content-Type"] = contentType ?? "application/json"
        let path = settings.adminPath.replacing("{id}", with: id)
        let response = try await send(
            HTTPRequest(method: .put, url: settings.upstreamURL + path, headers: headers, body: body), call: "admin", before: deadline)
        switch response.status {
        case 401, 403: throw .adminKeyRefused.with(message: "the admin call answered \(response.status)")
        case 500...: throw .upstreamError.with(message: "the admin call answered \(response.status)")
        default: return response
        }
    }

    private func send(_ request: HTTPRequest, call: String, before deadline: ContinuousClock.Instant) async throws(APIProxyError) -> HTTPResponse {
        let left = ContinuousClock.now.duration(to: deadline)
        guard left > .milliseconds(10) else {
            throw .upstreamTimeout.with(message: "no time left for the \(call) call before the deadline")
        }
        let timeout = min(left, settings.upstreamTimeout)
        do {
            return try await makeTransport(timeout).execute(request)
        } catch let error where error == .timedOut {
            throw .upstreamTimeout.with(message: "the \(call) call got no answer within its \(Self.milliseconds(timeout)) ms")
        } catch let error where error == .addressNotAllowed {
            throw .upstreamUnreachable.with(message: "\(call): the upstream's address is private or loopback (allow it with UPSTREAM_URL_ALLOW)")
        } catch let error where error == .connectionFailed {
            throw .upstreamUnreachable.with(message: "\(call): \(error.message)")
        } catch {
            throw .upstreamError.with(message: "\(call): \(error)")
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
