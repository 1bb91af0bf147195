import AWS
import FaceDetectionHandler
import Foundation
import HTTPClient
import Testing
import TestServers

/// Downloads from a local file server and from moto: sizes, time, redirects and failures.
@Suite(.serialized) struct ImageFetcherTests {
    static let credentials = AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing")

    static func fetcher(s3Endpoint: String = "http://127.0.0.1:1", maxBytes: Int = 10 << 20,
                        timeout: Duration = .seconds(10)) throws -> ImageFetcher {
        ImageFetcher(
            credentials: credentials, s3Configuration: try S3Client.Configuration(region: "us-east-1", endpoint: s3Endpoint),
            maxBytes: maxBytes, timeout: timeout, addressPolicy: .publicOnly(allowing: [IPNetwork("127.0.0.1")!]))
    }

    @Test func downloadsOverHTTPFollowingUpToFiveRedirects() async throws {
        let server = try ImageServer()
        defer { server.stop() }
        let fetcher = try Self.fetcher()
        let expected = try Fixtures.image("pillow_hopper.jpg")
        #expect(try await fetcher.fetch(ImageSource(server.url("pillow_hopper.jpg"))) == expected)
        #expect(try await fetcher.fetch(ImageSource(server.url("redirect/5/pillow_hopper.jpg"))) == expected)

        var error = await #expect(throws: FaceDetectionHandlerError.self) {
            try await fetcher.fetch(ImageSource(server.url("redirect/6/pillow_hopper.jpg")))
        }
        #expect(error == .downloadFailed && error?.description.contains("redirects") == true, "\(String(describing: error))")

        error = await #expect(throws: FaceDetectionHandlerError.self) {
            try await fetcher.fetch(ImageSource(server.url("redirect-to?location=ftp://127.0.0.1/x.jpg")))
        }
        #expect(error == .unsupportedScheme, "\(String(describing: error))")
    }

    @Test func mapsFailures() async throws {
        let server = try ImageServer()
        defer { server.stop() }
        let cases: [(String, FaceDetectionHandlerError, ImageFetcher)] = [
            (server.url("missing.jpg"), .imageNotFound, try Self.fetcher()),
            ("http://127.0.0.1:\(ImageServer.closedPort())/a.jpg", .imageUnreachable, try Self.fetcher()),
            (server.url("mpl_grace_hopper.jpg"), .imageTooLarge, try Self.fetcher(maxBytes: 60_000)),
            (server.url("slow/2000/pillow_hopper.jpg"), .downloadTimedOut, try Self.fetcher(timeout: .milliseconds(300))),
        ]
        for (url, expected, fetcher) in cases {
            let error = await #expect(throws: FaceDetectionHandlerError.self) { try await fetcher.fetch(ImageSource(url)) }
            #expect(error == expected, "\(url): \(String(describing: error))")
            #expect(error?.description.contains(url) == true, "names the URL: \(String(describing: error))")
        }
    }

    @Test func downloadsFromS3() async throws {
        let server = try S3TestServer()
        defer { server.stop() }
        try server.createBucket("sources")
        let s3 = S3Client(credentials: Self.credentials, configuration: try .init(region: "us-east-1", endpoint: server.motoEndpoint))
        let image = try Fixtures.image("pillow_hopper.jpg")
        try await s3.putObject(bucket: "sources", key: "in/hopper 1.jpg", body: image)

        let fetcher = try Self.fetcher(s3Endpoint: server.motoEndpoint)
        #expect(try await fetcher.fetch(.s3(bucket: "sources", key: "in/hopper 1.jpg")) == image)
        for source in [ImageSource.s3(bucket: "sources", key: "in/missing.jpg"), .s3(bucket: "no-such-bucket", key: "a.jpg")] {
            let error = await #expect(throws: FaceDetectionHandlerError.self) { try await fetcher.fetch(source) }
            #expect(error == .imageNotFound, "\(source): \(String(describing: error))")
        }
        let small = try Self.fetcher(s3Endpoint: server.motoEndpoint, maxBytes: 1000)
        let error = await #expect(throws: FaceDetectionHandlerError.self) { try await small.fetch(.s3(bucket: "sources", key: "in/hopper 1.jpg")) }
        #expect(error == .imageTooLarge, "\(String(describing: error))")
    }
}
