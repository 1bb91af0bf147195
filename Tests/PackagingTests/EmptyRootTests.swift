import Foundation
import Testing
import TestSupport

/// Each zip's `bootstrap` serves real invocations inside an ``EmptyRoot``: nothing from the build machine's OS is
/// there, so whatever it loads came in the zip.
@Suite(.serialized, .enabled(if: EmptyRoot.isSupported, "chroot and mount namespaces need root"))
struct EmptyRootTests {
    let functions: PackagedFunctions

    init() throws {
        functions = try PackagedFunctions.get()
    }

    func json(_ text: String) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)
    }

    /// Starts `function`'s bootstrap in `root` against a fresh mock Runtime API.
    func start(_ function: String, in root: EmptyRoot, environment: [String: String] = [:]) throws
        -> (MockRuntimeAPIServer, RootProcess)
    {
        let server = try MockRuntimeAPIServer()
        var env = EmptyRoot.lambdaEnvironment
        env["AWS_LAMBDA_RUNTIME_API"] = server.address
        env["_HANDLER"] = function
        env["AWS_LAMBDA_FUNCTION_NAME"] = function
        env.merge(environment) { $1 }
        return (server, try root.start(environment: env))
    }

    func events(_ names: [String]) throws -> [MockRuntimeAPIServer.Reply] {
        try names.map { .event(id: $0, body: String(decoding: try Repository.event($0), as: UTF8.self)) }
    }

    @Test func theRootHoldsNoLibrariesOnlyBusyboxTheZipAndMountPoints() throws {
        let root = try EmptyRoot(zip: functions.zip("greetings"))
        #expect(try root.topLevelEntries() == ["bin", "dev", "proc", "tmp", "var"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.url.appendingPathComponent("bin").path) == ["sh"])
        // Seen from inside, with /proc and /dev mounted: no /lib, /lib64, /usr or /etc, and sh is busybox itself.
        let check = try root.run(["/bin/sh", "-c", "for p in /lib /lib64 /usr /etc /sbin; do [ -e $p ] && echo found $p; done; echo sh=$(readlink /proc/self/exe); test -r /proc/self/maps && test -c /dev/null && echo mounted"])
        #expect(check.status == 0, "\(check.output)")
        #expect(check.standardOutput == "sh=/bin/sh\nmounted\n", "\(check.output)")
    }

    @Test func greetingsAnswersEveryEventShape() throws {
        let root = try EmptyRoot(zip: functions.zip("greetings"))
        let (server, process) = try start("greetings", in: root)
        defer { server.stop(); process.terminate() }
        let cases: [(String, String)] = [
            ("greetings.json", "Hello John!"), ("greetings-custom.json", "Hi John!"), ("greetings-no-name.json", "Hello World!"),
            ("greetings-apigateway-query.json", "Hello John!"), ("greetings-apigateway-path.json", "Hello JohnDoe123!"),
            ("greetings-http-api.json", "Hello John!"), ("greetings-function-url.json", "Hello John!"),
        ]
        server.enqueue(try events(cases.map(\.0)))
        let posts = server.waitForPosts(cases.count)
        try #require(posts.count == cases.count, "log: \(process.log)")
        for ((file, greeting), post) in zip(cases, posts) {
            #expect(post.path == "/2018-06-01/runtime/invocation/\(file)/response", "\(file): \(post.body)")
            if let body = json(post.body) as? [String: Any] {
                #expect(body["statusCode"] as? Int == 200, "\(file)")
                #expect((json(body["body"] as? String ?? "") as? [String: Any])?["greeting"] as? String == greeting, "\(file)")
            } else {
                #expect(json(post.body) as? String == greeting, "\(file): \(post.body)")
            }
        }
        process.signal(SIGTERM)
        #expect(process.waitForExit() == 0, "log: \(process.log)")
    }

    @Test func whatIsMyIpAnswersEveryEventShape() throws {
        let root = try EmptyRoot(zip: functions.zip("whatIsMyIp"))
        let (server, process) = try start("whatIsMyIp", in: root)
        defer { server.stop(); process.terminate() }
        let cases = [
            ("whatIsMyIp.json", "1.1.1.1"), ("whatIsMyIp-apigateway.json", "203.0.113.7"),
            ("whatIsMyIp-http-api.json", "198.51.100.23"), ("whatIsMyIp-function-url.json", "192.0.2.44"),
        ]
        server.enqueue(try events(cases.map(\.0)))
        let posts = server.waitForPosts(cases.count)
        try #require(posts.count == cases.count, "log: \(process.log)")
        #expect(json(posts[0].body) as? String == "1.1.1.1")
        for ((file, address), post) in zip(cases.dropFirst(), posts.dropFirst()) {
            let body = json(post.body) as? [String: Any]
            #expect((json(body?["body"] as? String ?? "") as? [String: Any])?["myip"] as? String == address, "\(file): \(post.body)")
        }
    }

    @Test(.enabled(if: PackagedFunctions.productExists("purgeBucketByPrefix")))
    func purgeBucketByPrefixDeletesOldObjectsInMotoS3() throws {
        try #require(functions.built.contains("purgeBucketByPrefix"), "build.sh skipped it: \(functions.log)")
        let moto = try MotoServer()
        try moto.aws(["s3", "mb", "s3://faces"])
        let body = try TemporaryFile()
        for key in ["tmp/20000101000000-old.jpg", "tmp/29991231235959-future.jpg", "keep/20000101000000-old.jpg"] {
            try moto.aws(["s3api", "put-object", "--bucket", "faces", "--key", key, "--body", body.url.path])
        }
        let root = try EmptyRoot(zip: functions.zip("purgeBucketByPrefix"))
        var environment = MotoServer.credentials
        environment.merge(["BUCKET": "faces", "PREFIX": "tmp/", "MAX_AGE_SECONDS": "3600", "AWS_ENDPOINT_URL_S3": moto.endpoint]) { $1 }
        let (server, process) = try start("purgeBucketByPrefix", in: root, environment: environment)
        defer { server.stop(); process.terminate() }
        server.enqueue(try events(["scheduled-event.json"]))
        let posts = server.waitForPosts(1)
        try #require(posts.count == 1, "log: \(process.log)")
        #expect(posts[0].path.hasSuffix("/response"), "\(posts[0].body)\nlog: \(process.log)")
        let answer = json(posts[0].body) as? [String: Any]
        #expect(answer?["deleted"] as? Int == 1, "\(posts[0].body)")
        #expect(answer?["kept"] as? Int == 1, "\(posts[0].body)")
        let listing = try moto.awsJSON(["s3api", "list-objects-v2", "--bucket", "faces"])
        let keys = (listing["Contents"] as? [[String: Any]] ?? []).compactMap { $0["Key"] as? String }.sorted()
        #expect(keys == ["keep/20000101000000-old.jpg", "tmp/29991231235959-future.jpg"])
    }

    @Test(.enabled(if: PackagedFunctions.productExists("faceDetection")))
    func faceDetectionMarksTheFaceInARealImageAndStoresIt() throws {
        try #require(functions.built.contains("faceDetection"), "build.sh skipped it: \(functions.log)")
        let moto = try MotoServer()
        try moto.aws(["s3", "mb", "s3://faces"])
        try moto.aws(["s3", "mb", "s3://images"])
        let image = try TestData.url("faces/images/mpl_grace_hopper.jpg")
        // public-read: moto_server refuses unsigned GETs of private objects with 403, as S3 does.
        try moto.aws(["s3api", "put-object", "--bucket", "images", "--key", "hopper.jpg", "--acl", "public-read", "--body", image.path])
        let root = try EmptyRoot(zip: functions.zip("faceDetection"))
        var environment = MotoServer.credentials
        environment.merge([
            "BUCKET": "faces", "OUTPUT_PREFIX": "tmp/", "THUMBNAIL_PREFIX": "thumbs/", "OUTPUT_DOMAIN": "faces.example.com",
            "AWS_ENDPOINT_URL_S3": moto.endpoint, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "1024",
            "IMAGE_URL_ALLOW": "127.0.0.1",  // moto serves the image from loopback
        ]) { $1 }
        let (server, process) = try start("faceDetection", in: root, environment: environment)
        defer { server.stop(); process.terminate() }
        // The object is public, so the function downloads it with an unsigned GET like any image URL.
        server.enqueue([.event(id: "face", body: #"{"imageUrl":"\#(moto.endpoint)/images/hopper.jpg"}"#)])
        let posts = server.waitForPosts(1, timeout: 60)
        try #require(posts.count == 1, "log: \(process.log)")
        #expect(posts[0].path.hasSuffix("/response"), "\(posts[0].body)\nlog: \(process.log)")
        let answer = json(posts[0].body) as? [String: Any]
        #expect(answer?["faces"] as? Int == 1, "\(posts[0].body)")
        let outputURL = try #require(answer?["outputUrl"] as? String)
        #expect(outputURL.hasPrefix("https://faces.example.com/tmp/"), "\(outputURL)")
        let key = String(outputURL.dropFirst("https://faces.example.com/".count))
        let stored = try TemporaryFile()
        try moto.aws(["s3api", "get-object", "--bucket", "faces", "--key", key, stored.url.path])
        let bytes = try Data(contentsOf: stored.url)
        #expect(bytes.starts(with: [0xFF, 0xD8, 0xFF]), "the stored object is a JPEG")
    }

    /// On Lambda, LD_LIBRARY_PATH lists the OS's /lib64 and /usr/lib64 before /var/task/lib, and they hold an
    /// older libc. The bootstrap's RPATH is searched before LD_LIBRARY_PATH (a RUNPATH would be searched after),
    /// so a bundled zip starts with its own libraries even when every one of them has a broken namesake in
    /// /lib64 and /usr/lib64. The control, the same bootstrap with a RUNPATH, must die in that root.
    @Test(.enabled(if: PackagedFunctions.productExists("purgeBucketByPrefix") || PackagedFunctions.productExists("faceDetection")))
    func bundledLibrariesWinOverTheOSLibrariesLambdaListsFirst() throws {
        let function = "faceDetection"  // a bundled zip whose init needs only BUCKET and credentials
        try #require(functions.built.contains(function))
        let poison = FileManager.default.temporaryDirectory.appendingPathComponent("poison-\(UUID().uuidString).so")
        let compile = try Command.run("clang", ["-shared", "-nostdlib", "-o", poison.path, "-x", "c", "/dev/null"])
        try #require(compile.status == 0, "\(compile.output)")
        defer { try? FileManager.default.removeItem(at: poison) }
        let poisonRoot: (URL) throws -> Void = { root in
            let libraries = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("var/task/lib").path)
            for folder in ["lib64", "usr/lib64"] {
                try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
                for library in libraries where !library.hasPrefix("ld-linux") {
                    try FileManager.default.copyItem(at: poison, to: root.appendingPathComponent(folder).appendingPathComponent(library))
                }
            }
        }
        let root = try EmptyRoot(zip: functions.zip(function), prepare: poisonRoot)
        let environment = MotoServer.credentials.merging(["BUCKET": "faces"]) { $1 }  // what init needs
        let (server, process) = try start(function, in: root, environment: environment)
        defer { server.stop(); process.terminate() }
        #expect(server.waitForNextRequests(1), "log: \(process.log)")

        let control = try EmptyRoot(zip: functions.zip(function)) { root in
            try poisonRoot(root)
            let bootstrap = root.appendingPathComponent("var/task/bootstrap").path
            let patch = try Command.run("patchelf", ["--set-rpath", "$ORIGIN/lib", bootstrap])  // RUNPATH, not RPATH
            guard patch.status == 0 else { throw CommandError(description: patch.output) }
        }
        let (controlServer, controlProcess) = try start(function, in: control, environment: environment)
        defer { controlServer.stop(); controlProcess.terminate() }
        #expect(controlProcess.waitForExit() != 0)
        #expect(controlServer.receivedRequestLines.isEmpty)
        #expect(controlProcess.log.contains("/lib64/"), "the loader took a poisoned /lib64 library: \(controlProcess.log)")
    }
}
