import AWS
import FaceDetectionHandler
import Foundation
import Logging
import Testing
import TestServers

/// Storing pairs in moto, through the fault-injecting proxy: both objects or neither.
@Suite(.serialized) struct OutputStoreTests {
    static let rendered = FaceMarker.Rendered(image: Array(repeating: 1, count: 5000), thumbnail: [2, 3, 4])
    static let accessDenied = "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"

    @Test func namesAreStampedInUTC() throws {
        let id = try #require(UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F"))
        #expect(OutputStore.name(at: Date(timeIntervalSince1970: 1_700_000_000), id: id)
            == "20231114221320-e621e1f8-c36c-495a-93fc-0c247a3e6e5f.jpg")
        #expect(OutputStore.name(at: Date(timeIntervalSince1970: 86_399.9), id: id).hasPrefix("19700101235959-"))
        #expect(OutputStore.name(at: Date()) != OutputStore.name(at: Date()))
    }

    /// A store writing to bucket `faces` through the proxy, and a client reading moto directly.
    static func store(_ server: S3TestServer) throws -> (OutputStore, S3Client) {
        try server.createBucket("faces")
        var environment = S3TestServer.environment
        environment["BUCKET"] = "faces"
        environment["OUTPUT_DOMAIN"] = "cdn.example.com"
        environment["AWS_ENDPOINT_URL_S3"] = server.proxyEndpoint
        let store = OutputStore(s3: try S3Client(environment: environment), settings: try FaceDetectionSettings(environment: environment))
        environment["AWS_ENDPOINT_URL_S3"] = server.motoEndpoint
        return (store, try S3Client(environment: environment))
    }

    @Test func storesBothAsJPEG() async throws {
        let server = try S3TestServer()
        defer { server.stop() }
        let (store, reader) = try Self.store(server)
        let stored = try await store.store(Self.rendered, name: "20240101120000-x.jpg", logger: Logger(label: "test"))
        #expect(stored.imageKey == "tmp/20240101120000-x.jpg" && stored.thumbnailKey == "thumbs/20240101120000-x.jpg")
        #expect(stored.imageURL == "https://cdn.example.com/tmp/20240101120000-x.jpg")
        #expect(stored.thumbnailURL == "https://cdn.example.com/thumbs/20240101120000-x.jpg")
        let image = try await reader.getObject(bucket: "faces", key: stored.imageKey)
        let thumbnail = try await reader.getObject(bucket: "faces", key: stored.thumbnailKey)
        #expect(image.body == Self.rendered.image && image.contentType == "image/jpeg")
        #expect(thumbnail.body == Self.rendered.thumbnail && thumbnail.contentType == "image/jpeg")
    }

    @Test(arguments: ["tmp/", "thumbs/"])
    func deletesTheOtherHalfWhenOneUploadFails(failing: String) async throws {
        let server = try S3TestServer()
        defer { server.stop() }
        let (store, _) = try Self.store(server)
        try server.setFaults([["method": "PUT", "pathContains": "/faces/\(failing)", "times": 10, "status": 403, "body": Self.accessDenied]])
        let error = await #expect(throws: FaceDetectionHandlerError.self) {
            try await store.store(Self.rendered, name: "20240101120000-x.jpg", logger: Logger(label: "test"))
        }
        #expect(error == .uploadFailed && error?.errorType == "S3UploadFailed")
        #expect(error?.message.contains("AccessDenied") == true && error?.message.contains("nothing was left") == true,
                "\(String(describing: error))")
        #expect(try server.keys(bucket: "faces") == [])
        let deletes = try server.log().filter { ($0["method"] as? String) == "POST" && ($0["path"] as? String)?.contains("delete") == true }
        #expect(deletes.count == 1)
    }

    @Test func deletesNothingWhenBothAreRefused() async throws {
        let server = try S3TestServer()
        defer { server.stop() }
        let (store, _) = try Self.store(server)
        try server.setFaults([["method": "PUT", "pathContains": "/faces/", "times": 10, "status": 403, "body": Self.accessDenied]])
        let error = await #expect(throws: FaceDetectionHandlerError.self) {
            try await store.store(Self.rendered, name: "20240101120000-x.jpg", logger: Logger(label: "test"))
        }
        #expect(error == .uploadFailed && error?.message.hasSuffix("nothing was stored") == true, "\(String(describing: error))")
        #expect(try server.log().filter { ($0["path"] as? String)?.contains("delete") == true }.isEmpty)
    }

    /// A PUT that keeps failing with 503 may still have stored its object, so it is deleted too.
    @Test func deletesBothWhenAFailureLeavesItUnclear() async throws {
        let server = try S3TestServer()
        defer { server.stop() }
        let (store, _) = try Self.store(server)
        try server.setFaults([[
            "method": "PUT", "pathContains": "/faces/thumbs/", "times": 100, "status": 503,
            "body": "<Error><Code>ServiceUnavailable</Code><Message>Please reduce your request rate.</Message></Error>",
        ]])
        let error = await #expect(throws: FaceDetectionHandlerError.self) {
            try await store.store(Self.rendered, name: "20240101120000-x.jpg", logger: Logger(label: "test"))
        }
        #expect(error == .uploadFailed && error?.message.contains("ServiceUnavailable") == true
                && error?.message.contains("nothing was left") == true, "\(String(describing: error))")
        #expect(try server.keys(bucket: "faces") == [])
        let deletes = try server.log().filter { ($0["path"] as? String)?.contains("delete") == true }
        #expect(deletes.count == 1)
    }

    @Test func saysWhatIsLeftWhenTheCleanUpFailsToo() async throws {
        let server = try S3TestServer()
        defer { server.stop() }
        let (store, _) = try Self.store(server)
        try server.setFaults([
            ["method": "PUT", "pathContains": "/faces/tmp/", "times": 10, "status": 403, "body": Self.accessDenied],
            ["method": "POST", "pathContains": "delete", "times": 10, "status": 403, "body": Self.accessDenied],
        ])
        let error = await #expect(throws: FaceDetectionHandlerError.self) {
            try await store.store(Self.rendered, name: "20240101120000-x.jpg", logger: Logger(label: "test"))
        }
        #expect(error == .uploadFailed)
        #expect(error?.message.contains("could not delete what was stored") == true, "\(String(describing: error))")
        #expect(try server.keys(bucket: "faces") == ["thumbs/20240101120000-x.jpg"])
    }
}
