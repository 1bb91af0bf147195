import AWS
import Foundation
import Testing
import TestServers
import TestSupport

/// The built `faceDetection` executable run by its own runtime against a mock Runtime API, with S3 on
/// moto (behind the fault proxy) and images on a local HTTP server; everything on 127.0.0.1.
final class FunctionStack: @unchecked Sendable {
    static let bucket = "faces"
    let s3: S3TestServer
    let images: ImageServer
    let runtime: MockRuntimeAPIServer
    let function: FunctionProcess
    /// Reads moto directly, to check what the function stored.
    let reader: S3Client
    private var invocations = 0

    /// What the function answered to one invocation.
    struct Answer {
        var isError: Bool
        var json: [String: Any]
        var errorTypeHeader: String?
        var requestID: String
        var errorType: String { json["errorType"] as? String ?? "" }
        var errorMessage: String { json["errorMessage"] as? String ?? "" }
    }

    /// Starts everything; `environment` is added to (or removes, with empty values) the function's.
    init(environment extra: [String: String] = [:]) throws {
        let executable = FunctionProcess.executable("faceDetection")
        try #require(FileManager.default.isExecutableFile(atPath: executable), "build the package first: \(executable)")
        s3 = try S3TestServer()
        images = try ImageServer()
        runtime = try MockRuntimeAPIServer()
        try s3.createBucket(Self.bucket)
        var environment = S3TestServer.environment
        environment["AWS_ENDPOINT_URL_S3"] = s3.proxyEndpoint
        environment["AWS_LAMBDA_RUNTIME_API"] = runtime.address
        environment["AWS_LAMBDA_LOG_FORMAT"] = "JSON"
        environment["BUCKET"] = Self.bucket
        environment["IMAGE_URL_ALLOW"] = "127.0.0.1"  // the image server is on loopback
        environment.merge(extra) { $1 }
        environment = environment.filter { !$0.value.isEmpty }
        function = try FunctionProcess(executable: executable, environment: environment)
        var readerEnvironment = S3TestServer.environment
        readerEnvironment["AWS_ENDPOINT_URL_S3"] = s3.motoEndpoint
        reader = try S3Client(environment: readerEnvironment)
    }

    /// Sends one event and waits for the function's answer.
    func invoke(_ body: String) throws -> Answer {
        invocations += 1
        let id = "request-\(invocations)"
        runtime.enqueue([.event(id: id, body: body)])
        let posts = runtime.waitForPosts(invocations, timeout: 60)
        let post = try #require(posts.first { $0.path.contains("/invocation/\(id)/") }, "no answer to \(body): \(function.standardErrorIfExited())")
        let json = try JSONSerialization.jsonObject(with: Data(post.body.utf8), options: .fragmentsAllowed) as? [String: Any] ?? [:]
        return Answer(isError: post.path.hasSuffix("/error"), json: json,
                      errorTypeHeader: post.headers["lambda-runtime-function-error-type"], requestID: id)
    }

    /// Every key in the bucket.
    func keys() throws -> [String] {
        try s3.keys(bucket: Self.bucket)
    }

    /// Stops the function and the servers; returns the function's JSON log lines.
    @discardableResult
    func stop() -> [[String: Any]] {
        function.signal(SIGTERM)
        if function.waitForExit(timeout: 5) == nil { function.terminate() }
        let lines = function.standardOutput().split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        runtime.stop()
        images.stop()
        s3.stop()
        return lines
    }
}

extension FunctionProcess {
    /// Standard error if the process has exited (reading it earlier would block).
    func standardErrorIfExited() -> String {
        process.isRunning ? "(still running)" : standardError()
    }
}
