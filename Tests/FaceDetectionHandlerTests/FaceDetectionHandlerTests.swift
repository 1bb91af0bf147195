import AWS
import FaceDetectionHandler
import Foundation
import Logging
import Synchronization
import Testing
import TestServers

/// The handler in process, without the runtime: moto and a file server on 127.0.0.1, a logger that keeps
/// its lines.
@Suite(.serialized) struct FaceDetectionHandlerTests {
    @Test func answersAsTheBookAndLogsOneLinePerInvocation() async throws {
        let s3 = try S3TestServer()
        let images = try ImageServer()
        defer { s3.stop(); images.stop() }
        try s3.createBucket("faces")
        var environment = S3TestServer.environment
        environment["AWS_ENDPOINT_URL_S3"] = s3.motoEndpoint
        environment["BUCKET"] = "faces"
        environment["OUTPUT_DOMAIN"] = "cdn.example.com"
        environment["IMAGE_URL_ALLOW"] = "127.0.0.1"  // the image server is on loopback
        let handler = try FaceDetectionHandler(environment: environment)
        let lines = LogLines()
        let logger = Logger(label: "test") { _ in KeepingLogHandler(lines: lines) }
        let now = try #require(UTCTime(year: 2024, month: 2, day: 29, hour: 23, minute: 59, second: 58)).date

        let found = try await handler.detectFaces(imageURL: images.url("mpl_grace_hopper.jpg"), now: now, logger: logger)
        let reference = try Fixtures.reference("mpl_grace_hopper.jpg")
        #expect(found.faces == 1 && found.boxes.map(Set.init) == reference.boxes)
        let name = try #require(found.outputURL.split(separator: "/").last)
        #expect(name.hasPrefix("20240229235958-"))
        #expect(found.outputURL == "https://cdn.example.com/tmp/\(name)")
        #expect(found.thumbnailURL == "https://cdn.example.com/thumbs/\(name)")
        #expect(try s3.keys(bucket: "faces") == ["thumbs/\(name)", "tmp/\(name)"])

        let none = try await handler.detectFaces(imageURL: images.url("pillow_flower.jpg"), logger: logger)
        #expect(none == FaceDetectionResult(faces: 0, outputURL: images.url("pillow_flower.jpg")))

        let error = await #expect(throws: FaceDetectionHandlerError.self) {
            try await handler.detectFaces(imageURL: images.url("notes.txt"), logger: logger)
        }
        #expect(error == .notAnImage)
        #expect(try s3.keys(bucket: "faces").count == 2)

        let logged = lines.all
        try #require(logged.count == 3, "\(logged)")
        #expect(logged[0].message.hasPrefix("1 face in a 512x600 JPEG of 61306 bytes; stored tmp/\(name) and thumbs/\(name)"))
        #expect(logged[1].message == "0 faces in a 480x360 JPEG of 32764 bytes; nothing stored")
        #expect(logged[2].message == "failed: NotAnImage")
        let steps = ["downloadMs", "decodeMs", "detectMs", "drawMs", "encodeMs", "uploadMs", "totalMs"]
        for (line, ran) in zip(logged, [steps, ["downloadMs", "decodeMs", "detectMs", "totalMs"], ["downloadMs", "decodeMs", "totalMs"]]) {
            #expect(Set(line.metadata.keys).isSuperset(of: steps))
            for step in steps {
                let value = try #require(Double(line.metadata[step]?.description ?? ""))
                #expect(ran.contains(step) ? value > 0 : value == 0, "\(step) in \(line.message)")
            }
        }
    }
}

final class LogLines: Sendable {
    struct Line: Sendable {
        var message: String
        var metadata: Logger.Metadata
    }

    private let lines = Mutex<[Line]>([])
    var all: [Line] { lines.withLock { $0 } }
    func append(_ line: Line) { lines.withLock { $0.append(line) } }
}

struct KeepingLogHandler: LogHandler {
    let lines: LogLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lines.append(.init(message: event.message.description, metadata: metadata.merging(event.metadata ?? [:]) { $1 }))
    }
}
