import AWS
import Foundation
import PurgeBucketHandler
import Testing
import TestServers

/// The built `purgeBucketByPrefix` executable, run by its own runtime against a mock Runtime API,
/// purging 10,000 objects in moto.
@Suite("purgeBucketByPrefix end to end")
struct PurgeFunctionEndToEndTests {
    /// Where `swift build` put the executables: beside the test bundle.
    static let products = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        ?? CommandLine.arguments[0]).deletingLastPathComponent()

    @Test func purgesTenThousandObjects() async throws {
        let executable = Self.products.appendingPathComponent("purgeBucketByPrefix")
        try #require(FileManager.default.isExecutableFile(atPath: executable.path), "build the package first: \(executable.path)")

        let server = try S3TestServer()
        let bucket = "lambda-bucket"
        let fixture = PurgeFixture.mixed(count: 10_000)
        try fixture.seed(server, bucket: bucket)
        #expect(try server.keys(bucket: bucket).count == 10_000)

        let events = TestPaths.packageRoot.appendingPathComponent("events")
        let dryRunEvent = FileManager.default.temporaryDirectory.appendingPathComponent("purge-dry-run-\(UUID().uuidString).json")
        try Data(#"{"dryRun": true}"#.utf8).write(to: dryRunEvent)
        defer { try? FileManager.default.removeItem(at: dryRunEvent) }
        let runtimeAPI = try ServerProcess(
            script: "mock_runtime_api.py",
            arguments: [dryRunEvent.path, events.appendingPathComponent("scheduled-event.json").path])

        let function = Process()
        function.executableURL = executable
        var environment = S3TestServer.environment
        environment["AWS_ENDPOINT_URL_S3"] = server.motoEndpoint
        environment["AWS_LAMBDA_RUNTIME_API"] = "127.0.0.1:\(runtimeAPI.port())"
        environment["BUCKET"] = bucket
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"]
        function.environment = environment
        function.standardOutput = FileHandle.nullDevice
        try function.run()
        defer {
            function.terminate()
            function.waitUntilExit()
        }

        let expected = PurgeResult(
            found: fixture.underPrefix, deleted: fixture.dueKeys.count,
            kept: fixture.underPrefix - fixture.dueKeys.count, errors: [], dryRun: false)

        var dry = expected
        dry.dryRun = true
        #expect(try Self.result(runtimeAPI.nextLine()) == dry)
        #expect(try server.keys(bucket: bucket).count == 10_000)

        #expect(try Self.result(runtimeAPI.nextLine()) == expected)
        #expect(try server.keys(bucket: bucket) == fixture.remainingKeys)
        #expect(fixture.dueKeys.count > 4000 && fixture.remainingKeys.count > 4000)
    }

    static func result(_ line: String?) throws -> PurgeResult {
        let text = try #require(line)
        let outcome = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(outcome["kind"] as? String == "response", "\(outcome)")
        return try JSONDecoder().decode(PurgeResult.self, from: Data((outcome["body"] as? String ?? "").utf8))
    }
}
