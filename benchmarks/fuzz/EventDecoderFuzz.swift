// libFuzzer target: the runtime's JSON event decoder (Sources/JSONCoding) decoding the event shapes of
// Sources/Events and plain collections, as a function decodes whatever a caller invokes it with.
import FoundationEssentials

struct Nested: Decodable {
    var name: String?
    var count: Int?
    var ratio: Double?
    var flags: [Bool]?
    var child: [String: [Int]]?
    var values: [Int64]?
    var tiny: UInt8?
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEventDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Data(bytes: data, count: size)
    let decoder = EventDecoder()
    _ = try? decoder.decode(APIGatewayRequest.self, from: input)
    _ = try? decoder.decode(APIGatewayV2Request.self, from: input)
    _ = try? decoder.decode(ScheduledEvent.self, from: input)
    _ = try? decoder.decode([String: String].self, from: input)
    _ = try? decoder.decode([Nested].self, from: input)
    _ = try? decoder.decode(Nested.self, from: input)
    _ = try? decoder.decode(String.self, from: input)
    return 0
}
