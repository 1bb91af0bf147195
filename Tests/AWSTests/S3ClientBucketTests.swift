import AWS
import Foundation
import HTTPClient
import Testing
import TestServers

/// HeadBucket and CreateBucket against moto, checked through moto's backend.
@Suite("S3Client buckets against moto")
struct S3ClientBucketTests {
    let server: S3TestServer

    init() throws {
        server = try S3TestServer()
    }

    func client(region: String = "us-east-1", endpoint: String? = nil) throws -> S3Client {
        S3Client(
            credentials: try AWSCredentials(environment: S3TestServer.environment),
            configuration: try S3Client.Configuration(
                region: region, endpoint: endpoint ?? server.motoEndpoint, retry: RetryPolicy(maxAttempts: 1)))
    }

    @Test func createsBucketsInTheClientsRegion() async throws {
        let east = try client()
        #expect(try await east.bucketExists("photos-east") == false)
        try await east.createBucket("photos-east")
        #expect(try await east.bucketExists("photos-east"))

        // Outside us-east-1 S3 wants the region as LocationConstraint; moto refuses the request without it.
        let west = try client(region: "eu-west-1")
        try await west.createBucket("photos-west")
        let buckets = try server.buckets()
        #expect(buckets.map(\.name) == ["photos-east", "photos-west"])
        #expect(buckets.map(\.region) == ["us-east-1", "eu-west-1"])

        try await east.putObject(bucket: "photos-east", key: "a.txt", body: Array("a".utf8))
        #expect(try server.keys(bucket: "photos-east") == ["a.txt"])
    }

    @Test func badInputGetsAClearError() async throws {
        let s3 = try client()
        await #expect(throws: AWSClientError.invalidBucketName) { try await s3.createBucket("no spaces") }
        // The service's own checks come back as S3Errors.
        let refused = await #expect(throws: S3Error.self) { try await s3.createBucket("ab") }
        #expect(refused?.code == "InvalidBucketName")
        let west = try client(region: "eu-west-1")
        try await west.createBucket("photos-west")
        let again = await #expect(throws: S3Error.self) { try await west.createBucket("photos-west") }
        #expect(again?.code == "BucketAlreadyOwnedByYou")
        #expect(again?.status == 409)

        let closed = try client(endpoint: "http://127.0.0.1:1")
        await #expect(throws: HTTPClientError.connectionFailed) { try await closed.bucketExists("photos") }
    }
}
