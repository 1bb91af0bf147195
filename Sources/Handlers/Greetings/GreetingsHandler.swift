import FoundationEssentials
import LambdaEvents
import LambdaRuntime

/// The book's `greetings` and `customGreetingsOnDemand`: `{"name":"John"}` → `"Hello John!"`,
/// `{"greet":"Hi","name":"John"}` → `"Hi John!"`, no name → `"Hello World!"`.
///
/// Behind API Gateway or a Function URL the name comes from the `username` path parameter
/// (`/user/{username}/greet`) or the `name` query parameter (`/greeting?name=John`), and the answer is a proxy
/// response with the JSON body `{"greeting":"Hello John!"}`.
public struct GreetingsHandler: LambdaHandler {
    /// Creates the handler; it keeps no state.
    public init() {}

    /// Greets the named person, in the shape the event asks for.
    public func handle(_ event: GreetingsRequest, context: LambdaContext) throws -> GreetingsResponse {
        switch event {
        case .direct(let name, let greet):
            return .text(Self.greeting(name: name, greet: greet))
        case .proxy(let proxy):
            let name = proxy.pathParameter("username") ?? proxy.queryParameter("name")
            let text = Self.greeting(name: name, greet: proxy.queryParameter("greet"))
            let body = String(decoding: try JSONEncoder().encode(["greeting": text]), as: UTF8.self)
            return .proxy(proxy.jsonResponse(statusCode: 200, jsonBody: body))
        }
    }

    /// The greeting text; empty values fall back to the defaults, as the book's `event.name || 'World'` does.
    /// - Parameters:
    ///   - name: Who to greet; `World` when nil or empty.
    ///   - greet: The greeting word; `Hello` when nil or empty.
    /// - Returns: e.g. `Hello John!`.
    public static func greeting(name: String?, greet: String?) -> String {
        let who = name.flatMap { $0.isEmpty ? nil : $0 } ?? "World"
        let word = greet.flatMap { $0.isEmpty ? nil : $0 } ?? "Hello"
        return "\(word) \(who)!"
    }
}

/// The events `greetings` accepts: the book's plain event or an HTTP proxy event.
public enum GreetingsRequest: Decodable, Sendable, Equatable {
    /// `{"name": "John", "greet": "Hi"}`, both optional strings.
    case direct(name: String?, greet: String?)
    /// An API Gateway REST, HTTP API or Function URL event.
    case proxy(ProxyEvent)

    private enum CodingKeys: String, CodingKey { case name, greet, requestContext, httpMethod, version }

    /// Decodes either shape; a `name` or `greet` that is not a string is an error naming the field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let proxy = try ProxyEvent.decodeIfPresent(
            from: decoder, hasRequestContext: container.contains(.requestContext),
            hasHTTPMethod: container.contains(.httpMethod),
            version: try? container.decodeIfPresent(String.self, forKey: .version))
        {
            self = .proxy(proxy)
            return
        }
        self = .direct(
            name: try container.decodeIfPresent(String.self, forKey: .name),
            greet: try container.decodeIfPresent(String.self, forKey: .greet))
    }
}

/// What `greetings` answers: a JSON string, or a proxy response for proxy events.
public typealias GreetingsResponse = ProxyAwareResponse
