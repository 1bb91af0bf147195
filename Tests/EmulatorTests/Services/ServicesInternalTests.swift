import NIOHTTP1
import Testing

@testable import LambdaEmulator

/// The one decision about where the functions' AWS services are, and the services front's caller check.
@Suite struct ServicesInternalTests {
    @Test func anEndpointVariableWinsThenAWSWhenAskedElseLocalServices() {
        #expect(ServicesEndpoint.choose(environment: [:], aws: false) == .startLocal)
        #expect(ServicesEndpoint.choose(environment: ["AWS_ENDPOINT_URL": ""], aws: false) == .startLocal)
        #expect(ServicesEndpoint.choose(environment: [:], aws: true) == .aws)
        #expect(
            ServicesEndpoint.choose(environment: ["AWS_ENDPOINT_URL": "http://a:1", "AWS_ENDPOINT_URL_S3": "http://s3:2"], aws: true)
                == .configured(variable: "AWS_ENDPOINT_URL_S3", url: "http://s3:2"))
        #expect(
            ServicesEndpoint.choose(environment: ["AWS_ENDPOINT_URL": "http://a:1", "AWS_ENDPOINT_URL_S3": ""], aws: false)
                == .configured(variable: "AWS_ENDPOINT_URL", url: "http://a:1"))
    }

    @Test func functionsArePointedAtTheChosenServices() {
        let local = ServicesEndpoint.local(url: "http://127.0.0.1:4566").functionEnvironment(from: ["AWS_ENDPOINT_URL_S3": "x"])
        #expect(local == ["AWS_ENDPOINT_URL": "http://127.0.0.1:4566", "LAMBDA_LOCAL_S3_URL": "http://127.0.0.1:4566"])
        let configured = ServicesEndpoint.configured(variable: "AWS_ENDPOINT_URL_S3", url: "http://m:5")
            .functionEnvironment(from: ["AWS_ENDPOINT_URL_S3": "http://m:5", "AWS_ENDPOINT_URL_SQS": "http://q:6", "HOME": "/"])
        #expect(configured == [
            "AWS_ENDPOINT_URL_S3": "http://m:5", "AWS_ENDPOINT_URL_SQS": "http://q:6", "LAMBDA_LOCAL_S3_URL": "http://m:5",
        ])
        #expect(ServicesEndpoint.aws.functionEnvironment(from: ["AWS_ENDPOINT_URL": "x"]).isEmpty)
        #expect(ServicesEndpoint.aws.s3URL == nil)
        #expect(ServicesEndpoint.aws.bannerLine.contains("REAL AWS"))
        #expect(ServicesEndpoint.local(url: "http://127.0.0.1:9").bannerLine.contains("aws --endpoint-url http://127.0.0.1:9 s3 ls"))
    }

    func head(_ headers: [(String, String)]) -> HTTPRequestHead {
        HTTPRequestHead(version: .http1_1, method: .PUT, uri: "/bucket/key.png", headers: HTTPHeaders(headers))
    }

    @Test func theFrontTakesAnyBodyTypeButNoBrowserRequest() {
        let front = CallerCheck.loopback(refusesBrowsers: true, checksBodyType: false)
        #expect(front.refusal(for: head([("Host", "127.0.0.1:4566"), ("Content-Type", "image/png")]), port: 4566) == nil)
        #expect(front.refusal(for: head([("Host", "127.0.0.1:4566"), ("Sec-Fetch-Site", "none")]), port: 4566) == nil)
        #expect(front.refusal(for: head([("Host", "rebind.evil.example:4566")]), port: 4566)?.contains("is not this server") == true)
        #expect(front.refusal(for: head([("Host", "127.0.0.1:4566"), ("Origin", "https://evil.example")]), port: 4566) != nil)
        let crossSite = front.refusal(for: head([("Host", "127.0.0.1:4566"), ("Sec-Fetch-Site", "cross-site")]), port: 4566)
        #expect(crossSite?.contains("Sec-Fetch-Site: cross-site") == true)
    }

    @Test func onlyPlainReadsAreReadAsTheLocalUser() {
        func request(_ method: HTTPMethod, _ uri: String, _ headers: [(String, String)] = []) -> HTTPRequestHead {
            HTTPRequestHead(version: .http1_1, method: method, uri: uri, headers: HTTPHeaders(headers))
        }
        #expect(ServicesFront.isUnsignedRead(request(.GET, "/b/tmp/a.jpg")))
        #expect(ServicesFront.isUnsignedRead(request(.HEAD, "/b/tmp/a.jpg")))
        #expect(!ServicesFront.isUnsignedRead(request(.PUT, "/b/tmp/a.jpg")))
        #expect(!ServicesFront.isUnsignedRead(request(.DELETE, "/b/tmp/a.jpg")))
        #expect(!ServicesFront.isUnsignedRead(request(.GET, "/b/a.jpg", [("Authorization", "AWS4-HMAC-SHA256 x")])))
        #expect(!ServicesFront.isUnsignedRead(request(.GET, "/b/a.jpg?X-Amz-Signature=abc")))
    }
}
