import Foundation
import LambdaEmulator
import StackTemplate
import Testing

/// Several invocations at once in one process (Lambda Managed Instances' per-environment max concurrency), with real
/// runtimes: the project's Swift runtime (N loops) and AWS's `awslambdaric`, under one emulator.
@Suite struct PerProcessConcurrencyTests {
    func swiftFunction(_ handler: String, perProcess: Int, timeout: Int = 10) -> LocalFunction {
        var definition = FunctionDefinition(logicalID: handler, name: handler, handler: handler, timeout: timeout)
        definition.perProcessConcurrency = perProcess
        return LocalFunction(definition: definition, codePath: productsDirectory + "/TestFunction")
    }

    func pythonFunction(_ name: String, handler: String, perProcess: Int) -> LocalFunction {
        var function = Fixtures.python(name, handler: handler)
        function.definition.perProcessConcurrency = perProcess
        return function
    }

    @Test func threeSwiftInvocationsOverlapInOneProcessBesideAPythonFunction() async throws {
        let logs = LogCollector()
        let lambda = LocalLambda(
            functions: [
                swiftFunction("span", perProcess: 3), pythonFunction("slow", handler: "handler.slow", perProcess: 3),
                pythonFunction("info", handler: "handler.info", perProcess: 3),
            ],
            configuration: configuration(logs))
        let clock = ContinuousClock()
        let began = clock.now
        async let a = lambda.invoke("span", request: .json(#"{"ms":1500}"#))
        async let b = lambda.invoke("span", request: .json(#"{"ms":1500}"#))
        async let c = lambda.invoke("span", request: .json(#"{"ms":1500}"#))
        async let p1 = lambda.invoke("slow", request: .json(#"{"seconds":1}"#))
        async let p2 = lambda.invoke("slow", request: .json(#"{"seconds":1}"#))
        async let p3 = lambda.invoke("slow", request: .json(#"{"seconds":1}"#))
        let swift = try await [a, b, c]
        let swiftWall = clock.now - began
        let python = try await [p1, p2, p3]
        let info = try await lambda.invoke("info", request: .json("{}"))
        await lambda.shutdown()

        #expect(swift.allSatisfy { $0.functionError == nil }, "\(swift.map(\.text))")
        let pids = Set(swift.compactMap { $0.json["pid"] as? Int })
        #expect(pids.count == 1, "one process: \(swift.map(\.text))")
        #expect(lambda.instancesStarted("span") == 1)
        #expect(logs.lines.filter { $0.hasPrefix("INIT_START") }.count == 3)  // span, slow, info: one each
        // Overlap: every handler started before any finished.
        let starts = swift.compactMap { $0.json["startMs"] as? Double }
        let ends = swift.compactMap { $0.json["endMs"] as? Double }
        #expect(starts.count == 3 && ends.count == 3)
        #expect(starts.max()! < ends.min()!, "starts \(starts), ends \(ends)")
        // Handler time from the first start to the last end: one sleep plus scheduling, not three sleeps (4.5 s).
        #expect(ends.max()! - starts.min()! < 3_000, "starts \(starts), ends \(ends), wall \(swiftWall)")
        // Each invocation keeps its own START/END/REPORT.
        for result in swift {
            #expect(result.logLines.contains("START RequestId: \(result.requestID) Version: $LATEST"))
            #expect(result.logLines.contains { $0.hasPrefix("REPORT RequestId: \(result.requestID)") })
        }

        // awslambdaric: every answer right, from one instance; it serves AWS_LAMBDA_MAX_CONCURRENCY with a pool of
        // worker processes (one `GET next` loop each), so the three ran in three workers at once.
        #expect(python.allSatisfy { $0.functionError == nil && ($0.json["slept"] as? Double) == 1 },
            "\(python.map(\.text))")
        #expect(Set(python.compactMap { $0.json["pid"] as? Int }).count == 3)
        #expect(lambda.instancesStarted("slow") == 1)
        #expect((info.json["env"] as? [String: String])?["AWS_LAMBDA_MAX_CONCURRENCY"] == "3")
    }

    @Test func anExitFailsEveryInvocationInFlightOnThatProcess() async throws {
        let logs = LogCollector()
        let lambda = LocalLambda(functions: [swiftFunction("span", perProcess: 2)], configuration: configuration(logs))
        let warm = try await lambda.invoke("span", request: .json(#"{"ms":0}"#))
        let pid = try #require(warm.json["pid"] as? Int)
        async let first = lambda.invoke("span", request: .json(#"{"ms":5000}"#))
        async let second = lambda.invoke("span", request: .json(#"{"ms":5000}"#))
        try await Task.sleep(for: .milliseconds(700))
        kill(pid_t(pid), SIGKILL)
        let results = try await [first, second]
        await lambda.shutdown()
        for result in results {
            #expect(result.json["errorType"] as? String == "Runtime.ExitError", "\(result.text)")
            #expect(result.logLines.contains {
                $0.hasPrefix("REPORT RequestId: \(result.requestID)") && $0.contains("Status: error")
            })
        }
        #expect(lambda.instancesStarted("span") == 1)
    }
}
