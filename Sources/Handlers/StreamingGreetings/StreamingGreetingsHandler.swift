import GreetingsHandler
import LambdaEvents
import LambdaRuntime

/// The greetings function as a stream: the greeting, then one line per step, each sent as it is made, so the
/// caller of a Function URL with `InvokeMode: RESPONSE_STREAM` sees the first line while the rest is on its way.
///
/// `{"name":"John"}` → `Hello John! (1/3)`, `(2/3)`, `(3/3)` lines, `interval` apart. Behind a Function URL or
/// API Gateway the name comes as in `greetings` (`name` query or `username` path parameter), `lines` (1–100) may
/// be given as a query parameter, and the stream opens with a 200 text/plain HTTP prelude.
public struct StreamingGreetingsHandler: LambdaStreamingHandler, Sendable {
    /// Time between lines.
    public let interval: Duration

    /// Creates the handler.
    /// - Parameter interval: Time between lines (the pause makes the streaming visible to a caller).
    public init(interval: Duration = .milliseconds(100)) {
        self.interval = interval
    }

    /// Streams the greeting lines.
    public func handle(
        _ event: GreetingsRequest, responseWriter: LambdaResponseWriter, context: LambdaContext
    ) async throws {
        let text: String
        var lines = 3
        switch event {
        case .direct(let name, let greet):
            text = GreetingsHandler.greeting(name: name, greet: greet)
        case .proxy(let proxy):
            text = GreetingsHandler.greeting(
                name: proxy.pathParameter("username") ?? proxy.queryParameter("name"), greet: proxy.queryParameter("greet"))
            if let asked = proxy.queryParameter("lines").flatMap(Int.init), (1...100).contains(asked) { lines = asked }
            try await responseWriter.writeHTTPResponseHead(
                StreamingHTTPResponseHead(statusCode: 200, headers: ["Content-Type": "text/plain; charset=utf-8"]))
        }
        for line in 1...lines {
            if line > 1 { try await Task.sleep(for: interval) }
            try await responseWriter.write("\(text) (\(line)/\(lines))\n")
        }
    }
}
