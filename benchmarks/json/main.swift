// Measures EventDecoder and ResponseEncoder against Foundation's JSONDecoder and JSONEncoder on the project's
// sample events and on typical results: nanoseconds per call (best of five rounds) and the ratio.
// Run: swift run -c release JSONCodingBenchmark   (pin with `taskset -c 0` when comparing runs)
import Foundation
import GreetingsHandler
import JSONCoding
import LambdaEvents
import WhatIsMyIPHandler

@inline(never) func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }

/// Best of five rounds, in nanoseconds per call.
func measure(iterations: Int, _ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<5 {
        let start = ContinuousClock.now
        for _ in 0..<iterations { try body() }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        best = min(best, seconds * 1e9 / Double(iterations))
    }
    return best
}

func report(_ label: String, ours: Double, foundation: Double) {
    let name = label.padding(toLength: 44, withPad: " ", startingAt: 0)
    print("  \(name) \(String(format: "%8.0f", ours)) ns   Foundation \(String(format: "%8.0f", foundation)) ns   \(String(format: "%.1f", foundation / ours))x")
}

let events = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../events")
func event(_ name: String) throws -> Data { try Data(contentsOf: events.appendingPathComponent(name)) }

func compareDecoding<T: Decodable>(_ type: T.Type, _ file: String) throws {
    let data = try event(file)
    let ours = EventDecoder(), foundation = JSONDecoder()
    let iterations = data.count < 1_000 ? 20_000 : 5_000
    report("\(file) as \(T.self)",
           ours: try measure(iterations: iterations) { blackHole(try ours.decode(T.self, from: data)) },
           foundation: try measure(iterations: iterations) { blackHole(try foundation.decode(T.self, from: data)) })
}

func compareEncoding<T: Encodable>(_ label: String, _ value: T) throws {
    let ours = ResponseEncoder(), foundation = JSONEncoder()
    foundation.outputFormatting = .withoutEscapingSlashes
    report(label,
           ours: try measure(iterations: 20_000) { blackHole(try ours.encode(value)) },
           foundation: try measure(iterations: 20_000) { blackHole(try foundation.encode(value)) })
}

print("decoding events, EventDecoder vs JSONDecoder:")
for file in ["greetings.json", "greetings-custom.json", "greetings-apigateway-path.json", "greetings-http-api.json",
             "greetings-function-url.json"] {
    try compareDecoding(GreetingsRequest.self, file)
}
for file in ["whatIsMyIp.json", "whatIsMyIp-apigateway.json"] {
    try compareDecoding(WhatIsMyIPRequest.self, file)
}
try compareDecoding(ScheduledEvent.self, "scheduled-event.json")
try compareDecoding(APIGatewayRequest.self, "greetings-apigateway-query.json")

print("encoding results, ResponseEncoder vs JSONEncoder:")
try compareEncoding("\"Hello John!\" (a string)", ProxyAwareResponse.text("Hello John!"))
try compareEncoding("API Gateway proxy response",
                    APIGatewayResponse(statusCode: 200, headers: ["Content-Type": "application/json"],
                                       body: #"{"greeting":"Hello John!"}"#))
try compareEncoding("[String: String] of 3 entries",
                    ["requestID": "8476a536-e9f4-11e8-9739-2dfe598c3fcd", "region": "us-east-1", "url": "https://example.com/a"])
