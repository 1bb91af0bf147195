import AWS
import Foundation
import Testing
import TestSupport
import TestServers

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `lambda-local start` with the repository's `template.json` against moto as S3: the stack's bucket is named
/// and created, the purge schedule cleans it, and faceDetection reads an `s3://` image of it and stores its results.
@Suite(.timeLimit(.minutes(2))) struct LocalStackTests {
    static let bookTemplate = TestPaths.packageRoot.appendingPathComponent("template.json").path
    /// `FacesBucket` of stack `local`: `<stack>-<logical id>-<stable hash>`, the same on every run.
    static let bucket = "local-facesbucket-b9djvxutzfh0"

    var products: String { LambdaLocalTests.products }

    /// This process's environment without its AWS settings, plus moto's credentials and region and the endpoint.
    static func environment(s3Endpoint: String?) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") }
        environment.merge(S3TestServer.environment) { $1 }
        environment["AWS_ENDPOINT_URL_S3"] = s3Endpoint
        return environment
    }

    func lambdaLocal(_ arguments: [String], s3Endpoint: String?) async throws -> (status: Int32, output: String, error: String) {
        try await LambdaLocalTests().lambdaLocal(arguments, environment: Self.environment(s3Endpoint: s3Endpoint))
    }

    /// Starts the book's stack against `server` and runs `body` with the Invoke API's port while it serves.
    func withBookStack(
        _ server: S3TestServer, _ extraArguments: [String] = [],
        body: (_ banner: String, _ invokePort: Int) async throws -> Void
    ) async throws -> (status: Int32, output: String, error: String) {
        try await StartedStack.run(
            ["start", "-t", Self.bookTemplate, "--build-dir", products, "--invoke-port", "0", "--api-port", "0"] + extraArguments,
            environment: Self.environment(s3Endpoint: server.motoEndpoint),
            until: { output, _ in output.contains("Invoke API: ") }
        ) { banner in
            let line = try #require(banner.split(separator: "\n").first { $0.hasPrefix("Invoke API: ") })
            let url = try #require(line.split(separator: " ").first { $0.hasPrefix("http://") })
            try await body(banner, try #require(Int(url.split(separator: ":").last!)))
        }
    }

    /// A `RequestResponse` invocation through the Invoke API, as `aws lambda invoke` makes it.
    func invoke(_ function: String, port: Int, payload: Data) async throws -> [String: Any] {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/2015-03-31/functions/\(function)/invocations")!)
        request.httpMethod = "POST"
        request.httpBody = payload
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")  // as the SDKs send it
        request.timeoutInterval = 60
        let (body, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        #expect(http.statusCode == 200)
        #expect(http.value(forHTTPHeaderField: "X-Amz-Function-Error") == nil, "\(String(decoding: body, as: UTF8.self))")
        return try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any], "\(String(decoding: body, as: UTF8.self))")
    }

    @Test func startCreatesTheFacesBucketAndThePurgeScheduleCleansIt() async throws {
        let server = try S3TestServer()
        defer { server.stop() }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMddHHmmss"
        formatter.timeZone = TimeZone(identifier: "UTC")
        let recent = "tmp/\(formatter.string(from: Date()))-new.jpg"
        let kept = ["thumbs/20200101000000-old.jpg", recent, "tmp/fresh.txt", "uploads/old.jpg"]

        let started = try await withBookStack(server) { banner, port in
            #expect(banner.contains("Buckets at \(server.motoEndpoint) (AWS_ENDPOINT_URL_S3):\n  FacesBucket  \(Self.bucket)  created\n"))
            #expect(try server.buckets().map(\.name) == [Self.bucket])
            try server.seed(bucket: Self.bucket, objects: [
                ("tmp/20200101000000-old.jpg", nil),  // old by the time in its name
                (recent, nil),
                ("tmp/notes.txt", 7200),  // old by LastModified
                ("tmp/fresh.txt", nil),
                ("thumbs/20200101000000-old.jpg", nil),  // outside the purge prefix
                ("uploads/old.jpg", 7200),
            ])
            // What EventBridge delivers on the hour, through the running stack's Invoke API.
            let event = try Data(contentsOf: TestPaths.packageRoot.appendingPathComponent("events/scheduled-event.json"))
            let result = try await invoke("purgeBucketByPrefix", port: port, payload: event)
            #expect(result["found"] as? Int == 4)
            #expect(result["deleted"] as? Int == 2)
            #expect(result["kept"] as? Int == 2)
            #expect((result["errors"] as? [Any])?.isEmpty == true)
            #expect(result["dryRun"] as? Bool == false)
            #expect(try server.keys(bucket: Self.bucket) == kept)
        }
        #expect(started.status == 0, "\(started.error)")
        #expect(started.error.contains("[purgeBucketByPrefix#1] START RequestId: "))

        // The schedule itself, fired through the Event path by another lambda-local: the bucket is there already.
        let fired = try await lambdaLocal(["fire", "PurgeSchedule", "-t", Self.bookTemplate, "--build-dir", products], s3Endpoint: server.motoEndpoint)
        #expect(fired.status == 0, "\(fired.error)")
        #expect(!fired.error.contains("created bucket"))
        let result = try #require(try JSONSerialization.jsonObject(with: Data(fired.output.utf8)) as? [String: Any])
        #expect(result["found"] as? Int == 2)
        #expect(result["deleted"] as? Int == 0)
        #expect(try server.keys(bucket: Self.bucket) == kept)
        #expect(try server.buckets().map(\.name) == [Self.bucket])
    }

    @Test func faceDetectionReadsAnS3ImageOfTheStackBucketAndStoresItsResults() async throws {
        let server = try S3TestServer()
        defer { server.stop() }
        let s3 = S3Client(
            credentials: try AWSCredentials(environment: S3TestServer.environment),
            configuration: try S3Client.Configuration(region: "us-east-1", endpoint: server.motoEndpoint))
        let image = try TestData.data("faces/images/pillow_hopper.jpg")

        let started = try await withBookStack(server) { _, port in
            // Under FacesInputPrefix, where the template lets faceDetection read.
            try await s3.putObject(bucket: Self.bucket, key: "uploads/hopper.jpg", body: Array(image), contentType: "image/jpeg")
            let event = Data(#"{"imageUrl": "s3://\#(Self.bucket)/uploads/hopper.jpg"}"#.utf8)
            let result = try await invoke("faceDetection", port: port, payload: event)
            #expect(result["faces"] as? Int == 1)
            #expect(result["boxes"] as? [[Int]] == [[34, 20, 58, 58]])  // OpenCV's box for this image
            // The S3 is local (lambda-local sets LAMBDA_LOCAL_S3_URL): the URLs name it, not the deployed domain.
            let base = "\(server.motoEndpoint)/\(Self.bucket)/"
            let output = try #require(result["outputUrl"] as? String)
            let thumbnail = try #require(result["thumbnailUrl"] as? String)
            #expect(output.hasPrefix(base + "tmp/") && output.hasSuffix(".jpg"), "\(output)")
            let outputKey = String(output.dropFirst(base.count))
            let thumbnailKey = String(thumbnail.dropFirst(base.count))
            #expect(thumbnailKey == "thumbs/" + outputKey.dropFirst("tmp/".count))
            #expect(try server.keys(bucket: Self.bucket) == [thumbnailKey, outputKey, "uploads/hopper.jpg"])
            for key in [outputKey, thumbnailKey] {
                let stored = try await s3.getObject(bucket: Self.bucket, key: key)
                #expect(stored.contentType == "image/jpeg")
                #expect(stored.body.starts(with: [0xFF, 0xD8, 0xFF]), "\(key) is not a JPEG")
            }
        }
        #expect(started.status == 0, "\(started.error)")
        #expect(started.error.contains("1 face in a 128x128 JPEG"))
    }

    @Test func badParametersAndEndpointsGetClearErrors() async throws {
        func start(_ arguments: [String], s3Endpoint: String? = nil) async throws -> (status: Int32, output: String, error: String) {
            try await lambdaLocal(
                ["start", "-t", Self.bookTemplate, "--build-dir", products, "--invoke-port", "0", "--api-port", "0"] + arguments,
                s3Endpoint: s3Endpoint)
        }
        let unknown = try await start(["--parameter-overrides", "FacesBucketName=my-faces", "Nope=1"])
        #expect(unknown.status == 1)
        #expect(unknown.error.contains(
            "Error: unknown parameter Nope: the template has no such parameter (it declares ApiProxyUpstreamAllow, ApiProxyUpstreamURL, Architecture, ArtifactBucket, ArtifactPrefix, "
                + "FacesBucketName, FacesInputPrefix, FacesOutputDomain, FunctionNamePrefix, LogFormat, PurgeMaxAgeSeconds, PurgePrefix, Runtime)"),
            "\(unknown.error)")
        let notAllowed = try await start(["--parameter-overrides", "Runtime=provided.al1"])
        #expect(notAllowed.status == 1)
        #expect(notAllowed.error.contains(
            "Error: invalid value for parameter Runtime: 'provided.al1' is not one of the allowed values: provided.al2023, provided.al2"))
        let badName = try await start(["--parameter", "FacesBucketName=Faces_Bucket"])
        #expect(badName.status == 1)
        #expect(badName.error.contains(
            "Error: invalid value for parameter FacesBucketName: 'Faces_Bucket' does not match the allowed pattern ^$|^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"))
        let badStack = try await start(["--stack-name", "my_stack"])
        #expect(badStack.error.contains("Error: invalid stack name 'my_stack'"))

        // Both spellings of aws cloudformation deploy's overrides, and the stack name, decide the bucket's name.
        let listed = try await lambdaLocal(
            ["list", "-t", Self.bookTemplate, "--parameter-overrides", "ParameterKey=FacesBucketName,ParameterValue=my-faces", "Runtime=provided.al2"],
            s3Endpoint: nil)
        #expect(listed.status == 0, "\(listed.error)")
        #expect(listed.output.contains("Buckets (stack local):\n  FacesBucket  my-faces\n"))
        #expect(listed.output.contains("runtime=provided.al2  "))
        let generated = try await lambdaLocal(["list", "-t", Self.bookTemplate, "--stack-name", "book"], s3Endpoint: nil)
        #expect(generated.output.contains("Buckets (stack book):\n  FacesBucket  book-facesbucket-"))

        // Nothing listens on port 1: the bucket cannot be created, and start says where it looked.
        let unreachable = try await start([], s3Endpoint: "http://127.0.0.1:1")
        #expect(unreachable.status == 1)
        #expect(unreachable.error.contains("Error: cannot create bucket \(Self.bucket) at http://127.0.0.1:1: HTTPClientError: connection failed"),
                "\(unreachable.error)")
        #expect(unreachable.error.contains("(endpoint from AWS_ENDPOINT_URL_S3; --no-create-buckets skips creating buckets)"))
        let invalid = try await start([], s3Endpoint: "localhost:4566")
        #expect(invalid.status == 1)
        #expect(invalid.error.contains(
            "Error: invalid S3 endpoint 'localhost:4566': AWSClientError: invalid endpoint URL: 'localhost:4566' is not http(s)://host[:port]"))
        let noEndpoint = try await start(["--create-buckets"])
        #expect(noEndpoint.status == 1)
        #expect(noEndpoint.error.contains(
            "Error: --create-buckets needs a local S3: set AWS_ENDPOINT_URL_S3 (or AWS_ENDPOINT_URL), e.g. to a moto_server; lambda-local never creates buckets in AWS"))

        // Told not to create buckets, start serves and says so; the endpoint is never contacted.
        let skipped = try await StartedStack.run(
            ["start", "-t", Self.bookTemplate, "--build-dir", products, "--invoke-port", "0", "--api-port", "0", "--no-create-buckets"],
            environment: Self.environment(s3Endpoint: "http://127.0.0.1:1")
        ) { output, _ in output.contains("Invoke API: ") }
        #expect(skipped.status == 0)
        #expect(skipped.output.contains(
            "Buckets at http://127.0.0.1:1 (AWS_ENDPOINT_URL_S3; not created: --no-create-buckets):\n  FacesBucket  \(Self.bucket)\n"))
    }
}
