import FaceDetectionHandler
import Foundation
import Testing

@Suite struct FaceDetectionSettingsTests {
    static let base = ["BUCKET": "faces", "AWS_REGION": "eu-west-1"]

    static func settings(_ extra: [String: String]) throws -> FaceDetectionSettings {
        try FaceDetectionSettings(environment: base.merging(extra) { $1 })
    }

    @Test func defaults() throws {
        let settings = try FaceDetectionSettings(environment: Self.base)
        #expect(settings.bucket == "faces")
        #expect(settings.outputPrefix == "tmp/")
        #expect(settings.thumbnailPrefix == "thumbs/")
        #expect(settings.outputBase == "https://faces.s3.eu-west-1.amazonaws.com")
        #expect(settings.cascadePath == FaceDetectionSettings.systemCascadePath)
        #expect(settings.imageMagickPaths == nil)
        #expect(settings.url(forKey: "tmp/20240101120000-ab.jpg") == "https://faces.s3.eu-west-1.amazonaws.com/tmp/20240101120000-ab.jpg")
    }

    @Test func emptyValuesMeanTheDefaults() throws {
        let settings = try Self.settings(["OUTPUT_PREFIX": "", "THUMBNAIL_PREFIX": "", "OUTPUT_DOMAIN": "", "CASCADE_PATH": ""])
        #expect(settings.outputPrefix == "tmp/" && settings.thumbnailPrefix == "thumbs/")
        #expect(settings.outputBase == "https://faces.s3.eu-west-1.amazonaws.com")
        #expect(settings.cascadePath == FaceDetectionSettings.systemCascadePath)
    }

    @Test func outputDomain() throws {
        #expect(try Self.settings(["OUTPUT_DOMAIN": "cdn.example.com"]).outputBase == "https://cdn.example.com")
        #expect(try Self.settings(["OUTPUT_DOMAIN": "https://cdn.example.com/"]).outputBase == "https://cdn.example.com")
        #expect(try Self.settings(["OUTPUT_DOMAIN": "http://127.0.0.1:9000/faces"]).outputBase == "http://127.0.0.1:9000/faces")
        let china = try FaceDetectionSettings(environment: ["BUCKET": "faces", "AWS_DEFAULT_REGION": "cn-north-1"])
        #expect(china.outputBase == "https://faces.s3.cn-north-1.amazonaws.com.cn")
    }

    @Test func aLocalS3SetByLambdaLocalNamesTheURLs() throws {
        let local = try Self.settings(["OUTPUT_DOMAIN": "faces.s3.us-east-1.amazonaws.com", "LAMBDA_LOCAL_S3_URL": "http://127.0.0.1:4566/"])
        #expect(local.outputBase == "http://127.0.0.1:4566/faces")
        #expect(local.url(forKey: "tmp/a.jpg") == "http://127.0.0.1:4566/faces/tmp/a.jpg")
        #expect(try Self.settings(["OUTPUT_DOMAIN": "cdn.example.com", "LAMBDA_LOCAL_S3_URL": ""]).outputBase == "https://cdn.example.com")
    }

    @Test func keysArePercentEncodedInURLs() throws {
        let settings = try Self.settings(["OUTPUT_PREFIX": "out put/", "OUTPUT_DOMAIN": "cdn.example.com"])
        #expect(settings.url(forKey: "out put/a+b é.jpg") == "https://cdn.example.com/out%20put/a%2Bb%20%C3%A9.jpg")
    }

    @Test func refusesMissingOrClashingSettings() throws {
        for environment in [["AWS_REGION": "eu-west-1"], ["BUCKET": "", "AWS_REGION": "eu-west-1"], ["BUCKET": "faces"],
                            ["BUCKET": "<FacesBucket>", "AWS_REGION": "eu-west-1"],
                            Self.base.merging(["OUTPUT_PREFIX": "same/", "THUMBNAIL_PREFIX": "same/"]) { $1 }] {
            let error = #expect(throws: FaceDetectionHandlerError.self) { try FaceDetectionSettings(environment: environment) }
            #expect(error == .invalidConfiguration)
            #expect(error?.errorType == "InvalidConfiguration")
        }
        let error = try #require(throws: FaceDetectionHandlerError.self) { try FaceDetectionSettings(environment: ["AWS_REGION": "x"]) }
        #expect(error.description.contains("BUCKET"))
    }

    @Test func findsTheCascadeAndImageMagickInTheTaskRoot() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("task-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("imagemagick/coders"), withIntermediateDirectories: true)
        var settings = try Self.settings(["LAMBDA_TASK_ROOT": root.path])
        #expect(settings.cascadePath == FaceDetectionSettings.systemCascadePath)
        #expect(settings.imageMagickPaths == nil, "config/ is missing")

        try FileManager.default.createDirectory(at: root.appendingPathComponent("imagemagick/config"), withIntermediateDirectories: true)
        try Data("<opencv_storage/>".utf8).write(to: root.appendingPathComponent(FaceDetectionSettings.cascadeFileName))
        settings = try Self.settings(["LAMBDA_TASK_ROOT": root.path + "/"])
        #expect(settings.cascadePath == root.path + "/" + FaceDetectionSettings.cascadeFileName)
        #expect(settings.imageMagickPaths?.coders == root.path + "/imagemagick/coders")
        #expect(settings.imageMagickPaths?.config == root.path + "/imagemagick/config")

        settings = try Self.settings(["LAMBDA_TASK_ROOT": root.path, "CASCADE_PATH": "/elsewhere/cascade.xml"])
        #expect(settings.cascadePath == "/elsewhere/cascade.xml", "CASCADE_PATH wins, even when it does not exist")
    }
}
