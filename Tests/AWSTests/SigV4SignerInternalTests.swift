import HTTPClient
import Testing

@testable import AWS

@Suite("SigV4 canonical forms")
struct SigV4SignerInternalTests {
    let s3 = SigV4Signer(credentials: AWSCredentials(accessKeyID: "a", secretAccessKey: "b"), region: "us-east-1")

    @Test func s3PathIsEncodedOnceAndNotNormalised() {
        #expect(s3.canonicalPath("/bucket/a//b/../c/./d%20e%2Bf%25") == "/bucket/a//b/../c/./d%20e%2Bf%25")
        // Characters a URL library leaves alone are encoded; an already-encoded path stays as it is.
        #expect(s3.canonicalPath("/b/k!*'()$@") == "/b/k%21%2A%27%28%29%24%40")
        #expect(s3.canonicalPath("/b/%e6%97%a5") == "/b/%E6%97%A5")
        #expect(s3.canonicalPath("") == "/")
    }

    @Test func queryIsDecodedReEncodedAndSorted() {
        #expect(SigV4Signer.canonicalQuery("b=2&a=2&a=1&delete") == "a=1&a=2&b=2&delete=")
        // A real continuation token: '+', '/' and '=' must end up encoded exactly once.
        #expect(SigV4Signer.canonicalQuery("continuation-token=1a%2Bb%2Fc%3D%3D&list-type=2")
            == "continuation-token=1a%2Bb%2Fc%3D%3D&list-type=2")
        // '+' in a query is a plus sign to AWS, never a space.
        #expect(SigV4Signer.canonicalQuery("prefix=a+b") == "prefix=a%2Bb")
        #expect(SigV4Signer.canonicalQuery("") == "")
    }

    @Test func headerValuesAreTrimmedAndJoined() {
        let headers: HTTPHeaders = HTTPHeaders([
            (name: "X-B", value: "  two   words  "), (name: "x-a", value: "1"), (name: "X-A", value: "2"),
            (name: "User-Agent", value: "not signed"), (name: "Expect", value: "100-continue"),
        ])
        let (canonical, signed) = s3.canonicalHeaders(headers)
        #expect(canonical == "x-a:1,2\nx-b:two words\n")
        #expect(signed == "x-a;x-b")
    }
}

@Suite("URIEncoding")
struct URIEncodingInternalTests {
    @Test func encodesEverythingButUnreserved() {
        #expect(URIEncoding.encode("aZ09-._~ /+=&%?#ü") == "aZ09-._~%20%2F%2B%3D%26%25%3F%23%C3%BC")
        #expect(URIEncoding.encode("a/b c", keepingSlash: true) == "a/b%20c")
    }

    @Test func decodesAndLeavesStrayPercentSigns() {
        #expect(URIEncoding.decode("a%20b%2fc%") == "a b/c%")
        #expect(URIEncoding.decode("100%zz") == "100%zz")
        #expect(URIEncoding.decode("a+b%2B") == "a+b+")
        #expect(URIEncoding.decode("a+b%2B", plusAsSpace: true) == "a b+")
    }
}
