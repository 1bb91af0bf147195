import Foundation
import Testing
import TestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `lambda-local start` in a clean environment (no `AWS_*` variables) brings its own S3 (moto_server behind the
/// services front): the book's flow with the real AWS CLI, the purge, the port error, the caller check, and no
/// moto left behind after a SIGKILL.
@Suite(.timeLimit(.minutes(3))) struct EmbeddedServicesTests {
    static let bucket = LocalStackTests.bucket
    static let astronaut = TestData.faceImages.appendingPathComponent("skimage_astronaut.png").path

    /// This process's environment without any AWS setting.
    static let clean = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") }

    static var startArguments: [String] {
        ["start", "-t", LocalStackTests.bookTemplate, "--build-dir", LambdaLocalTests.products, "--invoke-port", "0",
         "--api-port", "0", "--services-port", "0"]
    }

    /// The real AWS CLI against `endpoint`, with throwaway keys (moto takes any).
    func aws(_ endpoint: String, _ arguments: [String]) async throws -> ProgramResult {
        var environment = Self.clean
        environment["AWS_ACCESS_KEY_ID"] = "testing"
        environment["AWS_SECRET_ACCESS_KEY"] = "testing"
        environment["AWS_DEFAULT_REGION"] = "us-east-1"
        return try await runProgram("/usr/bin/env", ["aws", "--endpoint-url", endpoint] + arguments, environment: environment)
    }

    func keys(_ endpoint: String) async throws -> [String] {
        let listed = try await aws(endpoint, ["s3api", "list-objects-v2", "--bucket", Self.bucket, "--output", "json"])
        #expect(listed.status == 0, "\(listed.error)")
        let object = (try? JSONSerialization.jsonObject(with: Data(listed.output.utf8))) as? [String: Any] ?? [:]
        return ((object["Contents"] as? [[String: Any]]) ?? []).compactMap { $0["Key"] as? String }
    }

    static func value(after prefix: String, in banner: String) throws -> String {
        let line = try #require(banner.split(separator: "\n").first { $0.hasPrefix(prefix) }, "no '\(prefix)' in \(banner)")
        return String(try #require(line.split(separator: " ").first { $0.hasPrefix("http://") }))
    }

    @Test func theBooksFlowRunsOnTheEmbeddedServices() async throws {
        let run = try await StartedStack.run(Self.startArguments, environment: Self.clean) { output, _ in
            output.contains("Functions: ")
        } whileRunning: { banner in
            #expect(banner.contains("AWS services: LOCAL at http://127.0.0.1:"))
            #expect(banner.contains("FacesBucket  \(Self.bucket)  created"))
            let services = try Self.value(after: "AWS services: LOCAL at ", in: banner)
            #expect(banner.contains("  aws --endpoint-url \(services) s3 ls\n"))
            let invokePort = try #require(Int(try Self.value(after: "Invoke API: ", in: banner).split(separator: ":").last!))

            // Upload with the real AWS CLI to the printed endpoint.
            let upload = try await aws(services, ["s3", "cp", Self.astronaut, "s3://\(Self.bucket)/uploads/astronaut.png"])
            #expect(upload.status == 0, "\(upload.error)")

            // faceDetection finds the face and stores its results in the local bucket, named by local URLs.
            let event = Data(#"{"imageUrl": "s3://\#(Self.bucket)/uploads/astronaut.png"}"#.utf8)
            let result = try await LocalStackTests().invoke("faceDetection", port: invokePort, payload: event)
            #expect((result["faces"] as? Int ?? 0) >= 1)
            let outputURL = try #require(result["outputUrl"] as? String)
            #expect(outputURL.hasPrefix("\(services)/\(Self.bucket)/tmp/"))
            let (image, response) = try await URLSession.shared.data(from: try #require(URL(string: outputURL)))
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            #expect(image.starts(with: [0xFF, 0xD8]))  // a JPEG
            let outputKey = String(outputURL.dropFirst("\(services)/\(Self.bucket)/".count))
            #expect(try await keys(services).contains(outputKey))

            // The purge with a max age of 0, fired by a second lambda-local that reuses these services.
            let fired = try await LambdaLocalTests().lambdaLocal(
                ["fire", "PurgeSchedule", "-t", LocalStackTests.bookTemplate, "--build-dir", LambdaLocalTests.products,
                 "--services-port", String(services.split(separator: ":").last!), "--parameter", "PurgeMaxAgeSeconds=0"],
                environment: Self.clean)
            #expect(fired.status == 0, "\(fired.error)")
            let left = try await keys(services)
            #expect(!left.contains(outputKey))
            #expect(!left.contains { $0.hasPrefix("tmp/") })
            #expect(left.contains("uploads/astronaut.png"))

            // A second start on the same services port: one clear line.
            let second = try await LambdaLocalTests().lambdaLocal(
                Array(Self.startArguments.dropLast(2)) + ["--services-port", String(services.split(separator: ":").last!)],
                environment: Self.clean)
            #expect(second.status != 0)
            #expect(second.error.contains(
                "port \(services.split(separator: ":").last!) of the local AWS services is in use (another lambda-local start?)"))

            // The stored object is served to this machine's callers, not to a rebound page or a cross-site one.
            let object = "\(services)/\(Self.bucket)/uploads/astronaut.png"
            let plain = try await runProgram("/usr/bin/env", ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", object])
            #expect(plain.output == "200")
            let rebound = try await runProgram(
                "/usr/bin/env", ["curl", "-s", "-w", "\n%{http_code}", "-H", "Host: rebind.evil.example", object])
            #expect(rebound.output.hasSuffix("\n403"))
            #expect(rebound.output.contains("Host 'rebind.evil.example' is not this server"))
            let crossSite = try await runProgram(
                "/usr/bin/env", ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Origin: https://evil.example", object])
            #expect(crossSite.output == "403")
        }
        #expect(run.status == 0, "\(run.error)")
    }

    @Test func aKilledLambdaLocalLeavesNoServicesBehind() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: LambdaLocalTests.products + "/lambda-local")
        process.arguments = Self.startArguments
        process.environment = Self.clean
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        var banner = ""
        while !banner.contains("Functions: ") {
            let data = pipe.fileHandleForReading.availableData
            if data.isEmpty { break }
            banner += String(decoding: data, as: UTF8.self)
        }
        #expect(banner.contains("AWS services: LOCAL at "))
        let children = Self.children(of: process.processIdentifier)
        let moto = try #require(children.first { Self.commandLine($0).contains("moto_server") }, "children: \(children)")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try await Task.sleep(for: .seconds(1))
        #expect(!Self.isAlive(moto), "moto_server \(moto) outlived lambda-local")
    }

    @Test func missingMotoIsOneClearLine() async throws {
        var environment = Self.clean
        environment["PATH"] = FileManager.default.temporaryDirectory.path  // no moto_server there
        let run = try await LambdaLocalTests().lambdaLocal(Self.startArguments, environment: environment)
        #expect(run.status != 0)
        #expect(run.error.contains("moto_server is not installed"))
        #expect(run.error.contains("or pass --aws"))
    }

    static func children(of parent: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == parent
        }
    }

    static func commandLine(_ pid: Int32) -> String {
        let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
        return String(decoding: data.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }

    /// Running or sleeping; a zombie waiting for its reaper counts as gone.
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return !stat[stat.index(after: close)...].hasPrefix(" Z")
    }
}
