import Foundation
import HTTPClient
import Testing
import TestSupport
import TestServers

@testable import AWS

/// Many random S3 requests with awkward keys, prefixes and continuation tokens, built and signed by
/// our client, then rebuilt and re-signed by botocore (`botocore_differential.py`): URLs, DeleteObjects
/// bodies and Authorization headers must agree.
@Suite("S3 requests against botocore")
struct BotocoreDifferentialInternalTests {
    static let caseCount = 400

    /// Pieces keys are made of: the characters that break naive encoders, and plain ones.
    static let keyPieces = [
        "a", "Z", "0", "-", "_", ".", "~", " ", "+", "%", "=", "&", "?", "#", "/", "//", "..", "./", "ü", "日本",
        "😀", "'", "\"", "<", ">", "*", "!", "(", ")", ",", ";", ":", "@", "$", "[", "]", "{", "}", "^", "`",
        "|", "\\", "%20", "%2F", "\t", "tmp/", "20240101000000", "é", "\u{301}",
    ]
    static let tokenCharacters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
    static let regions = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1", "cn-north-1", "eu-central-2"]
    static let buckets = ["examplebucket", "my-bucket-42", "abc", "a.b.c-bucket", "My_Legacy_Bucket", "x1-y2-z3"]
    static let contentTypes = [
        "text/plain", "text/plain;   charset=utf-8", "  image/jpeg ", "application/json", "binary/octet-stream",
    ]

    @Test func agreesWithBotocore() throws {
        var random = SplitMix64(seed: 20_150_830)
        var cases: [[String: Any]] = []
        for _ in 0..<Self.caseCount {
            cases.append(try Self.makeCase(&random))
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sigv4-diff-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try JSONSerialization.data(withJSONObject: cases).write(to: file)

        let output = try runPython(TestPaths.scripts.appendingPathComponent("botocore_differential.py").path, file.path)
        let report = try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
        #expect(report["checked"] as? Int == Self.caseCount)
        #expect(report["mismatchCount"] as? Int == 0, "\(report["mismatches"] ?? "")")
    }

    static func makeCase(_ random: inout SplitMix64) throws -> [String: Any] {
        let region = regions.randomElement(using: &random)!
        let bucket = buckets.randomElement(using: &random)!
        let useEndpoint = Bool.random(using: &random)
        // Few distinct endpoints: botocore builds one client per (region, endpoint, style), which is slow.
        let endpoint: String? = useEndpoint ? ["http://127.0.0.1:9000", "https://s3.example.test"].randomElement(using: &random)! : nil
        let addressing: S3Client.AddressingStyle = useEndpoint || Bool.random(using: &random) ? .path : .virtualHosted
        let token: String? = Bool.random(using: &random) ? randomToken(&random, length: 40...120) : nil
        let credentials = AWSCredentials(
            accessKeyID: "AKID" + randomToken(&random, length: 16...16).filter(\.isLetter).uppercased(),
            secretAccessKey: randomToken(&random, length: 40...40),
            sessionToken: token)
        let client = S3Client(
            credentials: credentials,
            configuration: try S3Client.Configuration(region: region, endpoint: endpoint, addressingStyle: addressing))

        let operation: S3Client.Operation
        var params: [String: Any] = ["Bucket": bucket]
        let name: String
        switch Int.random(in: 0..<4, using: &random) {
        case 0:
            name = "ListObjectsV2"
            let prefix = Bool.random(using: &random) ? randomKey(&random) : nil
            let maxKeys = Bool.random(using: &random) ? Int.random(in: 1...1000, using: &random) : nil
            let continuation = Bool.random(using: &random) ? randomToken(&random, length: 20...120) : nil
            let startAfter = Int.random(in: 0..<4, using: &random) == 0 ? randomKey(&random) : nil
            let delimiter = Int.random(in: 0..<4, using: &random) == 0 ? "/" : nil
            operation = try S3Client.listObjectsV2Operation(
                bucket: bucket, prefix: prefix, maxKeys: maxKeys, continuationToken: continuation,
                startAfter: startAfter, delimiter: delimiter)
            params["Prefix"] = prefix
            params["MaxKeys"] = maxKeys
            params["ContinuationToken"] = continuation
            params["StartAfter"] = startAfter
            params["Delimiter"] = delimiter
        case 1:
            name = "GetObject"
            let key = randomKey(&random)
            operation = S3Client.Operation(method: .get, bucket: bucket, key: key)
            params["Key"] = key
        case 2:
            name = "PutObject"
            let key = randomKey(&random)
            let body = (0..<Int.random(in: 0...300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            let contentType = Bool.random(using: &random) ? contentTypes.randomElement(using: &random)! : nil
            operation = S3Client.putObjectOperation(bucket: bucket, key: key, body: body, contentType: contentType)
            params["Key"] = key
            params["ContentType"] = contentType
        default:
            name = "DeleteObjects"
            let keys = (0..<Int.random(in: 1...20, using: &random)).map { _ in randomKey(&random) }
            let quiet = Bool.random(using: &random)
            operation = try S3Client.deleteObjectsOperation(bucket: bucket, keys: keys, quiet: quiet)
            params["Keys"] = keys
            params["Quiet"] = quiet
        }

        let unsigned = try client.unsignedRequest(operation)
        var signed = unsigned
        let timestamp = Int.random(in: 946_684_800...1_893_456_000, using: &random)  // 2000 to 2030
        client.sign(&signed, date: Date(timeIntervalSince1970: Double(timestamp)))
        return [
            "operation": name,
            "params": params,
            "region": region,
            "endpoint": endpoint ?? NSNull(),
            "addressing": addressing == .path ? "path" : "virtual",
            "accessKey": credentials.accessKeyID,
            "secretKey": credentials.secretAccessKey,
            "token": token ?? NSNull(),
            "timestamp": timestamp,
            "method": unsigned.method.rawValue,
            "url": unsigned.url,
            "headers": unsigned.headers.map { [$0.name, $0.value] },
            "body": Data(unsigned.body).base64EncodedString(),
            "authorization": signed.headers["Authorization"] ?? "",
        ]
    }

    static func randomKey(_ random: inout SplitMix64) -> String {
        (0..<Int.random(in: 1...12, using: &random)).map { _ in keyPieces.randomElement(using: &random)! }.joined()
    }

    static func randomToken(_ random: inout SplitMix64, length: ClosedRange<Int>) -> String {
        String((0..<Int.random(in: length, using: &random)).map { _ in tokenCharacters.randomElement(using: &random)! })
    }
}
/// Runs a Python script and returns its standard output; fails the test on a non-zero exit.
func runPython(_ arguments: String...) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    let stdout = Pipe()
    process.standardOutput = stdout
    try process.run()
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    return output
}
