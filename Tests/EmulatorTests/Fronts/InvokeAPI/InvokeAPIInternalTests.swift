import Testing

@testable import LambdaEmulator

/// The Invoke API: response-stream framing.
@Suite struct InvokeAPIInternalTests {
    @Test func eventStreamFramesCarryLengthsAndCRCs() {
        #expect(EventStreamEncoder.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        let frame = EventStreamEncoder.message(headers: [("a", "b")], payload: Array("xy".utf8))
        // 12-byte prelude, header (1 + 1 + 1 + 2 + 1 bytes), payload, 4-byte CRC.
        #expect(frame.count == 12 + 6 + 2 + 4)
        #expect(Array(frame[0..<8]) == [0, 0, 0, 24, 0, 0, 0, 6])
        #expect(Array(frame[12..<18]) == [1, UInt8(ascii: "a"), 7, 0, 1, UInt8(ascii: "b")])
    }
}
