import FoundationEssentials
import Logging
import Testing
@testable import LambdaRuntime

@Suite struct LoggingInternalTests {
    @Test func configurationFromEnvironment() {
        #expect(LogConfiguration(environment: [:]) == .init(format: .text, level: .info))
        #expect(LogConfiguration(environment: ["AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": "DEBUG"])
            == .init(format: .json, level: .debug))
        #expect(LogConfiguration(environment: ["AWS_LAMBDA_LOG_FORMAT": "Text", "AWS_LAMBDA_LOG_LEVEL": "warn"])
            == .init(format: .text, level: .warning))
        #expect(LogConfiguration(environment: ["AWS_LAMBDA_LOG_LEVEL": "FATAL"]).level == .critical)
        #expect(LogConfiguration(environment: ["AWS_LAMBDA_LOG_LEVEL": "LOUD"]).level == .info)
    }

    @Test func jsonLineHasLambdasFields() throws {
        let line = LambdaLogHandler.jsonLine(level: .warning, message: "disk \"full\"\nsoon", metadata: ["bucket": "b", "level": "ignored"], requestID: "r-1")
        #expect(line.last == 0x0A)
        #expect(line.dropLast().contains(0x0A) == false)
        let object = try JSONDecoder().decode([String: String].self, from: Data(line))
        #expect(object["level"] == "WARN")
        #expect(object["message"] == "disk \"full\"\nsoon")
        #expect(object["requestId"] == "r-1")
        #expect(object["bucket"] == "b")
        let timestamp = try #require(object["timestamp"])
        #expect(timestamp.count == 24 && timestamp.hasSuffix("Z") && timestamp.dropFirst(10).first == "T")
    }

    @Test func jsonLineCarriesTheTenantOnlyWhenThereIsOne() throws {
        let line = LambdaLogHandler.jsonLine(
            level: .info, message: "m", metadata: ["tenantId": "spoofed"], requestID: "r-1", tenantID: "tenant \"7\"")
        let object = try JSONDecoder().decode([String: String].self, from: Data(line))
        #expect(object["tenantId"] == "tenant \"7\"", "the invocation's tenant, not a metadata key of the same name")
        #expect(String(decoding: line, as: UTF8.self).components(separatedBy: "tenantId").count == 2)
        let without = LambdaLogHandler.jsonLine(level: .info, message: "m", metadata: [:], requestID: "r-1")
        #expect(try JSONDecoder().decode([String: String].self, from: Data(without))["tenantId"] == nil)
    }

    @Test func textLineIsTabSeparatedAndOneLine() {
        let line = String(decoding: LambdaLogHandler.textLine(level: .error, message: "a\nb", metadata: ["k": "v"], requestID: "r-2"), as: UTF8.self)
        let fields = line.dropLast().split(separator: "\t", omittingEmptySubsequences: false)
        #expect(fields.count == 4)
        #expect(fields[1] == "r-2")
        #expect(fields[2] == "ERROR")
        #expect(fields[3] == "a\rb k=v")
        #expect(line.filter { $0 == "\n" }.count == 1)
    }

    @Test func timestampIsRFC3339WithMilliseconds() {
        let stamp = WallClock.timestamp()
        let pattern = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/
        #expect(stamp.wholeMatch(of: pattern) != nil, "\(stamp)")
    }
}
