import Foundation
import LambdaEvents
import NIOCore
import NIOHTTP1
import StackTemplate

/// An API Gateway REST API in front of the functions: routes from the template, REST (payload 1.0) proxy
/// events in, proxy responses out, and API Gateway's own answers where it would give them.
struct APIGatewayFront: Sendable {
    let routes: RouteTable
    let functionNames: [String: String]
    let stageName: String
    let lambda: LocalLambda
    let apiID = "local"

    /// - Parameters:
    ///   - template: The routes, stage and functions.
    ///   - lambda: The service that runs the functions.
    init(template: StackTemplate, lambda: LocalLambda) {
        self.routes = RouteTable(routes: template.routes)
        self.functionNames = Dictionary(uniqueKeysWithValues: template.functions.map { ($0.logicalID, $0.name) })
        self.stageName = template.stageName
        self.lambda = lambda
    }

    func respond(to request: ServerRequest) async -> ServerResponse {
        let requestID = UUID().uuidString.lowercased()
        let uri = request.head.uri
        let rawPath = String(uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
        let method = request.head.method.rawValue
        guard case .found(let match) = routes.lookup(method: method, path: rawPath),
            let functionName = functionNames[match.route.functionLogicalID]
        else {
            var response = Self.message(403, "Missing Authentication Token", requestID: requestID)
            response.headers.add(name: "x-amzn-ErrorType", value: "MissingAuthenticationTokenException")
            return response
        }
        let event = makeEvent(request, match: match, path: rawPath, requestID: requestID)
        guard let payload = try? JSONEncoder().encode(event) else {
            return Self.message(500, "Internal server error", requestID: requestID)
        }
        let result: InvocationResult
        do {
            result = try await lambda.invoke(functionName, request: InvocationRequest(payload: Array(payload)))
        } catch {
            return Self.message(500, "Internal server error", requestID: requestID)  // Lambda rejected the invoke
        }
        guard result.functionError == nil, let response = Self.proxyResponse(result.payload) else {
            return Self.message(502, "Internal server error", requestID: requestID)
        }
        return Self.httpResponse(response, requestID: requestID)
    }

    /// The REST proxy event API Gateway would send for this request.
    func makeEvent(_ request: ServerRequest, match: RouteTable.Match, path: String, requestID: String)
        -> APIGatewayRequest
    {
        let sourceIP = request.remoteAddress?.ipAddress ?? "127.0.0.1"
        var multiHeaders: [String: [String]] = [:]
        var headerOrder: [String] = []
        for (name, value) in request.head.headers {
            let key = headerOrder.first { $0.lowercased() == name.lowercased() } ?? name
            if multiHeaders[key] == nil { headerOrder.append(key) }
            multiHeaders[key, default: []].append(value)
        }
        // API Gateway adds the forwarding headers the function sees.
        let forwarded = multiHeaders.first { $0.key.lowercased() == "x-forwarded-for" }
        multiHeaders.removeValue(forKey: forwarded?.key ?? "")
        multiHeaders["X-Forwarded-For"] = [((forwarded?.value.last).map { $0 + ", " } ?? "") + sourceIP]
        multiHeaders["X-Forwarded-Proto"] = ["http"]
        if let port = request.head.headers.first(name: "Host")?.split(separator: ":").last.flatMap({ Int($0) }) {
            multiHeaders["X-Forwarded-Port"] = [String(port)]
        }
        let query = Self.queryParameters(request.head.uri)
        var body: String?
        var isBase64 = false
        if request.body.readableBytes > 0 {
            let bytes = Array(buffer: request.body)
            if let text = String(validating: bytes, as: UTF8.self) {
                body = text
            } else {
                body = Data(bytes).base64EncodedString()
                isBase64 = true
            }
        }
        let now = Date()
        let context = APIGatewayRequest.Context(
            accountId: lambda.configuration.accountID, apiId: apiID, resourceId: "local", stage: stageName,
            requestId: requestID, resourcePath: match.route.path, httpMethod: request.head.method.rawValue,
            path: "/\(stageName)\(path)", protocol: "HTTP/\(request.head.version.major).\(request.head.version.minor)",
            requestTime: Self.requestTime(now), requestTimeEpoch: Int64(now.timeIntervalSince1970 * 1000),
            domainName: request.head.headers.first(name: "Host") ?? "127.0.0.1",
            identity: .init(sourceIp: sourceIP, userAgent: request.head.headers.first(name: "User-Agent")))
        return APIGatewayRequest(
            resource: match.route.path, path: path.removingPercentEncoding ?? path,
            httpMethod: request.head.method.rawValue,
            headers: multiHeaders.mapValues { $0.last! }, multiValueHeaders: multiHeaders,
            queryStringParameters: query.isEmpty ? nil : query.mapValues { $0.last! },
            multiValueQueryStringParameters: query.isEmpty ? nil : query,
            pathParameters: match.pathParameters.isEmpty ? nil : match.pathParameters, stageVariables: nil,
            requestContext: context, body: body, isBase64Encoded: isBase64)
    }

    /// A proxy response, or nil when it is malformed (API Gateway then answers 502).
    static func proxyResponse(_ payload: [UInt8]) -> APIGatewayResponse? {
        let allowed: Set<String> = ["statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"]
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any],
            Set(object.keys).isSubset(of: allowed),
            let response = try? JSONDecoder().decode(APIGatewayResponse.self, from: Data(payload)),
            (100...599).contains(response.statusCode)
        else { return nil }
        if response.isBase64Encoded == true, let body = response.body, Data(base64Encoded: body) == nil { return nil }
        return response
    }

    static func httpResponse(_ response: APIGatewayResponse, requestID: String) -> ServerResponse {
        var headers = HTTPHeaders()
        for (name, values) in response.multiValueHeaders ?? [:] {
            for value in values { headers.add(name: name, value: value) }
        }
        for (name, value) in response.headers ?? [:] where !headers.contains(name: name) {
            headers.add(name: name, value: value)
        }
        if !headers.contains(name: "Content-Type") { headers.add(name: "Content-Type", value: "application/json") }
        headers.add(name: "x-amzn-RequestId", value: requestID)
        var body = ByteBuffer()
        if let text = response.body {
            if response.isBase64Encoded == true, let data = Data(base64Encoded: text) {
                body.writeBytes(data)
            } else {
                body.writeString(text)
            }
        }
        return ServerResponse(status: HTTPResponseStatus(statusCode: response.statusCode), headers: headers, body: body)
    }

    static func message(_ status: Int, _ text: String, requestID: String) -> ServerResponse {
        ServerResponse(
            status: HTTPResponseStatus(statusCode: status),
            headers: ["Content-Type": "application/json", "x-amzn-RequestId": requestID],
            body: ByteBuffer(string: #"{"message": "\#(text)"}"#))
    }

    /// Query parameters with every value, in order (`?a=1&a=2` → `a: [1, 2]`); `+` means space, as in forms.
    static func queryParameters(_ uri: String) -> [String: [String]] {
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return [:] }
        var query: [String: [String]] = [:]
        for pair in parts[1].split(separator: "&") where !pair.isEmpty {
            let keyValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            query[decode(keyValue[0]), default: []].append(keyValue.count == 2 ? decode(keyValue[1]) : "")
        }
        return query
    }

    /// `15/May/2020:06:01:09 +0000`, as `requestContext.requestTime`.
    static func requestTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "dd/MMM/yyyy:HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
