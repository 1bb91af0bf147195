import Foundation
import HTTPClient
import Testing
import TestSupport
import TestServers

@testable import AWS

/// AWS's published SigV4 test suite (`Tests/Fixtures/sigv4/aws4_testsuite`): for each case, the canonical
/// request, the string to sign and the Authorization header must match the suite's files exactly.
@Suite("SigV4 test suite")
struct SigV4TestSuiteInternalTests {
    static let suite = TestData.root.appendingPathComponent("sigv4/aws4_testsuite")

    /// `post-sts-header-after` adds the token after signing, which S3 (and our signer) never does:
    /// S3 requires the token to be signed.
    static let notApplicable: Set<String> = ["post-sts-header-after"]

    /// Every folder holding `NAME.req`, found by walking the suite.
    static let cases: [String] = {
        let root = suite.path
        let walker = FileManager.default.enumerator(atPath: root)
        var found: [String] = []
        while let path = walker?.nextObject() as? String {
            let name = (path as NSString).lastPathComponent
            if FileManager.default.fileExists(atPath: "\(root)/\(path)/\(name).req"), !notApplicable.contains(name) {
                found.append(path)
            }
        }
        return found.sorted()
    }()

    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z

    @Test func suiteIsPresentAndComplete() {
        // 34 cases in the copy we have (8 of them under normalize-path, 2 under post-sts-token),
        // less the one that does not apply: a missing folder must fail here, not shrink the run.
        #expect(Self.cases.count == 33, "found \(Self.cases)")
    }

    @Test(arguments: cases)
    func matchesTheSuite(casePath: String) throws {
        let folder = Self.suite.appendingPathComponent(casePath)
        let name = folder.lastPathComponent
        func read(_ ext: String) throws -> String {
            try String(contentsOf: folder.appendingPathComponent("\(name).\(ext)"), encoding: .utf8)
        }
        let expectedCanonical = try read("creq")
        let expectedStringToSign = try read("sts")
        let expectedAuthorization = try read("authz")

        var request = try Self.parse(try read("req"))
        // The suite's session-token cases put the token in the canonical request only.
        let token = expectedCanonical.split(separator: "\n")
            .first { $0.hasPrefix("x-amz-security-token:") }
            .map { String($0.dropFirst("x-amz-security-token:".count)) }
        let signer = SigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: token),
            region: "us-east-1", service: "service", rules: .standard)

        var prepared = request
        let timestamp = signer.addSigningHeaders(to: &prepared, date: Self.date)
        let canonical = signer.canonicalRequest(prepared).text
        #expect(canonical == expectedCanonical)
        #expect(signer.stringToSign(canonical, timestamp: timestamp) == expectedStringToSign)

        signer.sign(&request, date: Self.date)
        #expect(request.headers["Authorization"] == expectedAuthorization)
    }

    /// Reads a `.req` file: request line (the path may hold spaces), headers with folded
    /// continuation lines, a blank line, the body.
    static func parse(_ text: String) throws -> HTTPRequest {
        let (head, body) = text.range(of: "\n\n").map { (text[..<$0.lowerBound], text[$0.upperBound...]) } ?? (text[...], "")
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard let requestLine = lines.popFirst() else { throw CocoaError(.fileReadCorruptFile) }
        let words = requestLine.split(separator: " ")
        let method = String(try #require(words.first))
        let path = words.dropFirst().dropLast().joined(separator: " ")
        var fields: [(name: String, value: String)] = []
        for line in lines {
            if line.first == " " || line.first == "\t" {
                fields[fields.count - 1].value += "\n" + line
            } else if let colon = line.firstIndex(of: ":") {
                fields.append((name: String(line[..<colon]), value: String(line[line.index(after: colon)...])))
            }
        }
        let headers = HTTPHeaders(fields)
        let host = try #require(headers["Host"])
        return HTTPRequest(method: HTTPMethod(rawValue: method), url: "https://\(host)\(path)", headers: headers, body: Array(body.utf8))
    }
}
