import AWS
import Foundation
import HTTPClient
import Testing

@Suite("SigV4Signer with S3's rules")
struct SigV4SignerTests {
    static let credentials = AWSCredentials(
        accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    static let date = Date(timeIntervalSince1970: 1_369_353_600)  // 2013-05-24T00:00:00Z

    /// The GET Object example of S3's "Signature Calculations for the Authorization Header" page.
    @Test func s3DocumentationGetObjectExample() {
        var request = HTTPRequest(
            url: "https://examplebucket.s3.amazonaws.com/test.txt", headers: ["Range": "bytes=0-9"])
        SigV4Signer(credentials: Self.credentials, region: "us-east-1").sign(&request, date: Self.date)
        #expect(request.headers["x-amz-content-sha256"] == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(request.headers["X-Amz-Date"] == "20130524T000000Z")
        #expect(request.headers["Host"] == "examplebucket.s3.amazonaws.com")
        #expect(request.headers["Authorization"] ==
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test func sessionTokenIsSentAndSigned() {
        let credentials = AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret", sessionToken: "token/with+chars=")
        var request = HTTPRequest(url: "https://bucket.s3.eu-west-1.amazonaws.com/key")
        SigV4Signer(credentials: credentials, region: "eu-west-1").sign(&request, date: Self.date)
        #expect(request.headers["X-Amz-Security-Token"] == "token/with+chars=")
        #expect(request.headers["Authorization"]?.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,") == true)
    }

    @Test func resigningReplacesTheSignatureAndDate() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1")
        var request = HTTPRequest(url: "https://b.s3.amazonaws.com/k")
        signer.sign(&request, date: Self.date)
        let first = request.headers["Authorization"]
        signer.sign(&request, date: Self.date.addingTimeInterval(1))
        #expect(request.headers.values(for: "Authorization").count == 1)
        #expect(request.headers.values(for: "X-Amz-Date") == ["20130524T000001Z"])
        #expect(request.headers["Authorization"] != first)
    }

    @Test func nonDefaultPortIsPartOfTheHost() {
        var request = HTTPRequest(url: "http://127.0.0.1:9000/bucket/key")
        SigV4Signer(credentials: Self.credentials, region: "us-east-1").sign(&request, date: Self.date)
        #expect(request.headers["Host"] == "127.0.0.1:9000")
        var https = HTTPRequest(url: "https://Example.COM:443/x")
        SigV4Signer(credentials: Self.credentials, region: "us-east-1").sign(&https, date: Self.date)
        #expect(https.headers["Host"] == "example.com")
    }

    @Test func credentialsDescriptionHidesTheSecret() {
        let text = String(describing: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "s3cr3t", sessionToken: "t0k3n"))
        #expect(!text.contains("s3cr3t"))
        #expect(!text.contains("t0k3n"))
        #expect(text.contains("AKID"))
    }
}
