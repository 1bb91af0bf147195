import AWS
import Foundation
import HTTPClient
import Testing
import TestServers

/// S3Client against moto (through a fault-injecting proxy), each test with its own server.
@Suite("S3Client against moto")
struct S3ClientTests {
    let server: S3TestServer
    let s3: S3Client
    let bucket = "test-bucket"

    init() throws {
        server = try S3TestServer()
        var environment = S3TestServer.environment
        environment["AWS_ENDPOINT_URL_S3"] = server.proxyEndpoint
        let fromEnvironment = try S3Client.Configuration(environment: environment)
        let configuration = try S3Client.Configuration(
            region: fromEnvironment.region, endpoint: fromEnvironment.endpoint,
            retry: RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(5), maxDelay: .milliseconds(40)))
        s3 = S3Client(credentials: try AWSCredentials(environment: environment), configuration: configuration)
        try server.createBucket(bucket)
    }

    // No key with a line feed: moto's router answers 404 for those, to boto3 as well.
    static let awkwardKeys = [
        "plain.txt", "with space.txt", "plus+sign", "percent%25literal%", "equals=and&ampersand", "question?mark#hash",
        "unicode/日本語/ファイル.jpg", "emoji 😀.png", "combining é and é", "tmp/../escape", "./dot/./segments",
        "double//slash", "/leading-slash", "trailing-slash/", "quotes'\"<>", "semi;colon:at@dollar$", "tilde~star*",
        "brackets[]{}()", "back\\slash", "tab\there", "carriage\rreturn", "20240101000000-x.jpg",
    ]

    @Test func awkwardKeysRoundTrip() async throws {
        for key in Self.awkwardKeys {
            let put = try await s3.putObject(bucket: bucket, key: key, body: Array(key.utf8), contentType: "text/plain; charset=utf-8")
            #expect(!put.eTag.isEmpty)
        }
        #expect(try server.keys(bucket: bucket) == Self.awkwardKeys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })

        for key in Self.awkwardKeys {
            let object = try await s3.getObject(bucket: bucket, key: key)
            #expect(object.body == Array(key.utf8), "\(key)")
            #expect(object.contentType == "text/plain; charset=utf-8")
        }
        let listed = try await s3.listObjectsV2(bucket: bucket)
        #expect(Set(listed.objects.map(\.key)) == Set(Self.awkwardKeys))
        #expect(listed.objects.allSatisfy { abs($0.lastModified.timeIntervalSinceNow) < 600 && $0.size > 0 })

        let byPrefix = try await s3.listObjectsV2(bucket: bucket, prefix: "unicode/日本語/")
        #expect(byPrefix.objects.map(\.key) == ["unicode/日本語/ファイル.jpg"])
        let byDelimiter = try await s3.listObjectsV2(bucket: bucket, prefix: "unicode/", delimiter: "/")
        #expect(byDelimiter.commonPrefixes == ["unicode/日本語/"])

        let result = try await s3.deleteObjects(bucket: bucket, keys: Self.awkwardKeys)
        #expect(result.errors.isEmpty)
        #expect(try server.keys(bucket: bucket).isEmpty)
        // S3 refuses DeleteObjects without a body checksum: every one we sent carried a correct Content-MD5.
        let deletes = try server.log().filter { ($0["path"] as! String).hasSuffix("?delete") }
        #expect(deletes.count == 1)
        #expect(deletes.allSatisfy { $0["contentMD5Valid"] as? Bool == true })
        let puts = try server.log().filter { $0["method"] as! String == "PUT" }
        #expect(puts.count == Self.awkwardKeys.count)
        #expect(puts.allSatisfy { $0["contentMD5Valid"] as? Bool == true })
    }

    @Test func paginatesPastAThousandKeysWithAwkwardTokens() async throws {
        let keys = (0..<2345).map { "page/\(String(format: "%05d", $0)) +=&%" }
        try server.seed(bucket: bucket, objects: keys.map { ($0, nil) })
        try server.setAwkwardTokens(true)

        var listed: [String] = []
        var token: String?
        var pages = 0
        repeat {
            let page = try await s3.listObjectsV2(bucket: bucket, prefix: "page/", continuationToken: token)
            listed += page.objects.map(\.key)
            token = page.nextContinuationToken
            if let token {
                #expect(token.contains("+") && token.contains("/") && token.contains("="))
            }
            pages += 1
        } while token != nil
        #expect(pages == 3)
        #expect(listed == keys)

        let small = try await s3.listObjectsV2(bucket: bucket, prefix: "page/", maxKeys: 7)
        #expect(small.objects.count == 7)
        #expect(small.isTruncated)
    }

    @Test func perKeyDeleteErrorsAreReported() async throws {
        try server.seed(bucket: bucket, objects: ["locked/a", "locked/b c", "free/a", "free/b"].map { ($0, nil) })
        try server.setPolicy(bucket: bucket, policy: [
            "Version": "2012-10-17",
            "Statement": [[
                "Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject",
                "Resource": "arn:aws:s3:::\(bucket)/locked/*",
            ]],
        ])
        let result = try await s3.deleteObjects(bucket: bucket, keys: ["free/a", "locked/a", "free/b", "locked/b c"])
        #expect(Set(result.errors.map(\.key)) == ["locked/a", "locked/b c"])
        #expect(result.errors.allSatisfy { $0.code == "AccessDenied" && !$0.message.isEmpty })
        #expect(try server.keys(bucket: bucket) == ["locked/a", "locked/b c"])

        let loud = try await s3.deleteObjects(bucket: bucket, keys: ["gone", "locked/a"], quiet: false)
        #expect(loud.deleted == ["gone"])
        #expect(loud.errors.map(\.key) == ["locked/a"])
    }

    static let slowDown = "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>REQ123</RequestId></Error>"

    @Test func retriesA503ThenSucceeds() async throws {
        try server.seed(bucket: bucket, objects: [("k", nil)])
        try server.setFaults([["method": "GET", "pathContains": "list-type=2", "times": 2, "status": 503, "body": Self.slowDown]])
        let page = try await s3.listObjectsV2(bucket: bucket)
        #expect(page.objects.map(\.key) == ["k"])
        #expect(try server.log().count == 3)
    }

    @Test func retriesConnectionResetsAndPlain500s() async throws {
        try server.setFaults([
            ["method": "PUT", "times": 1, "reset": true],
            ["method": "PUT", "times": 1, "status": 500, "body": "oops"],
        ])
        try await s3.putObject(bucket: bucket, key: "after-reset", body: [1, 2, 3])
        #expect(try server.keys(bucket: bucket) == ["after-reset"])
        #expect(try server.log().count == 3)
    }

    @Test func givesUpAfterMaxAttemptsWithTheTypedError() async throws {
        try server.setFaults([["method": "GET", "times": 10, "status": 503, "body": Self.slowDown]])
        let error = await #expect(throws: S3Error.self) { try await s3.getObject(bucket: bucket, key: "k") }
        #expect(error?.code == "SlowDown")
        #expect(error?.status == 503)
        #expect(error?.requestID == "REQ123")
        #expect(error?.message == "Please reduce your request rate.")
        #expect(try server.log().count == 4)
    }

    @Test func s3ErrorsAreTypedAndNotRetried() async throws {
        let missing = await #expect(throws: S3Error.self) { try await s3.getObject(bucket: bucket, key: "missing key") }
        #expect(missing?.code == "NoSuchKey")
        #expect(missing?.status == 404)
        let noBucket = await #expect(throws: S3Error.self) { try await s3.listObjectsV2(bucket: "no-such-bucket") }
        #expect(noBucket?.code == "NoSuchBucket")
        #expect(try server.log().count == 2)
    }

    @Test func badArgumentsAreRefusedBeforeSending() async throws {
        await #expect(throws: AWSClientError.invalidArgument) { try await s3.deleteObjects(bucket: bucket, keys: []) }
        let tooMany = (0...1000).map { "k\($0)" }
        await #expect(throws: AWSClientError.invalidArgument) { try await s3.deleteObjects(bucket: bucket, keys: tooMany) }
        await #expect(throws: AWSClientError.invalidKey) { try await s3.deleteObjects(bucket: bucket, keys: ["a", ""]) }
        await #expect(throws: AWSClientError.invalidKey) { try await s3.getObject(bucket: bucket, key: "") }
        await #expect(throws: AWSClientError.invalidKey) {
            try await s3.putObject(bucket: bucket, key: String(repeating: "é", count: 513), body: [])
        }
        await #expect(throws: AWSClientError.invalidBucketName) { try await s3.getObject(bucket: "a/b", key: "k") }
        await #expect(throws: AWSClientError.invalidBucketName) { try await s3.listObjectsV2(bucket: "") }
        await #expect(throws: AWSClientError.invalidArgument) { try await s3.listObjectsV2(bucket: bucket, maxKeys: 0) }
        await #expect(throws: AWSClientError.invalidArgument) { try await s3.listObjectsV2(bucket: bucket, maxKeys: 1001) }
        #expect(try server.log().isEmpty)
    }

    @Test func unreadableSuccessResponseIsAMalformedResponse() async throws {
        try server.setFaults([["method": "GET", "times": 1, "status": 200, "body": "<NotAListing/>"]])
        await #expect(throws: AWSClientError.malformedResponse) { try await s3.listObjectsV2(bucket: bucket) }
    }
}
