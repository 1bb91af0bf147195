import Foundation
import LambdaEmulator
import StackTemplate
import Testing

@Suite struct LocalLambdaTests {
    @Test func echoesThroughAWSRuntimeInterfaceClient() async throws {
        let logs = LogCollector()
        let lambda = LocalLambda(functions: [Fixtures.python("echo", handler: "handler.echo")], configuration: configuration(logs))
        let first = try await lambda.invoke("echo", request: .json(#"{"name":"John"}"#))
        let second = try await lambda.invoke("echo", request: .json(#"[1,2]"#))
        await lambda.shutdown()
        #expect(first.text == #"{"name": "John"}"#)
        #expect(first.functionError == nil)
        #expect(second.text == "[1, 2]")
        #expect(lambda.instancesStarted("echo") == 1)
        #expect(first.logLines.first?.hasPrefix("INIT_START Runtime Version: provided:al2023.local") == true)
        #expect(first.logLines.contains("init: handler module loaded"))
        #expect(first.logLines.contains("START RequestId: \(first.requestID) Version: $LATEST"))
        #expect(first.logLines.contains(#"echo: {"name": "John"}"#))
        let report = try #require(first.logLines.last)
        #expect(report.hasPrefix("REPORT RequestId: \(first.requestID)\tDuration: "))
        #expect(report.contains("\tMemory Size: 128 MB\tMax Memory Used: "))
        #expect(report.contains("\tInit Duration: "))
        // Python's peak RSS from /proc, so well above 1 MB.
        #expect(report.range(of: #"\tMax Memory Used: [1-9][0-9]+ MB\t"#, options: .regularExpression) != nil)
        #expect(report.hasSuffix("\t"))
        #expect(first.logLines[first.logLines.count - 2] == "END RequestId: \(first.requestID)")
        #expect(second.logLines.first == "START RequestId: \(second.requestID) Version: $LATEST")
        #expect(second.logLines.last?.contains("Init Duration") == false)
        #expect(logs.records(for: second.requestID).map(\.message).contains("echo: [1, 2]"))
    }
}

@Suite struct LogTailTests {
    @Test func tailIsTheLast4KBOfTheLog() async throws {
        let logs = LogCollector()
        let lambda = LocalLambda(functions: [Fixtures.python("chatty", handler: "handler.chatty")], configuration: configuration(logs))
        let result = try await lambda.invoke("chatty", request: .json(#"{"lines": 300}"#))
        await lambda.shutdown()
        #expect(result.log.utf8.count > 4096)
        #expect(result.logTail.count == 4096)
        let tail = String(decoding: result.logTail, as: UTF8.self)
        #expect(tail.hasSuffix("\t\n"))
        #expect(tail.contains("line 0299 "))
        #expect(!tail.contains("line 0000 "))
        #expect(result.log.hasSuffix(tail))
    }
}
