import Testing

@testable import LambdaEmulator

/// Logs: platform lines and console lines.
@Suite struct LogsInternalTests {
    @Test func reportLineHasLambdasFieldsAndTrailingTab() {
        let line = PlatformLog.report(
            "id-1", duration: .microseconds(1_234), initDuration: .microseconds(16_430), memorySize: 256,
            maxMemoryUsed: 15)
        #expect(line == "REPORT RequestId: id-1\tDuration: 1.23 ms\tBilled Duration: 18 ms\tMemory Size: 256 MB\tMax Memory Used: 15 MB\tInit Duration: 16.43 ms\t")
        let failed = PlatformLog.report(
            "id-2", duration: .microseconds(500), initDuration: nil, memorySize: 128, maxMemoryUsed: 9, status: "error",
            errorType: "Runtime.ExitError")
        #expect(failed == "REPORT RequestId: id-2\tDuration: 0.50 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 9 MB\tStatus: error\tError Type: Runtime.ExitError\t")
        #expect(PlatformLog.start("id-3") == "START RequestId: id-3 Version: $LATEST")
        #expect(PlatformLog.end("id-3") == "END RequestId: id-3")
    }

    @Test func consoleLinesNameTheirRequest() {
        let output = LogRecord(functionName: "f", instance: 2, requestID: "8476a536-e9f4", source: .standardOutput, message: "hi")
        let platform = LogRecord(functionName: "f", instance: 2, requestID: "8476a536-e9f4", source: .platform, message: "END RequestId: 8476a536-e9f4")
        #expect(ConsoleLog.format(output) == "[f#2 8476a536] hi")
        #expect(ConsoleLog.format(platform) == "[f#2] END RequestId: 8476a536-e9f4")
    }
}
