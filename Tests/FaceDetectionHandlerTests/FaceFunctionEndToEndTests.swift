import AWS
import Foundation
import Imaging
import Testing
import TestServers
import TestSupport

/// The built `faceDetection` executable, end to end: events in through a mock Runtime API, images from a
/// local HTTP server or S3, results in moto.
@Suite("faceDetection end to end", .serialized)
struct FaceFunctionEndToEndTests {
    static func event(_ imageURL: String) -> String {
        #"{"imageUrl": "\#(imageURL)"}"#
    }

    @Test func marksFacesAndStoresTheImageAndAThumbnail() async throws {
        let stack = try FunctionStack()
        defer { stack.stop() }
        let before = Date()
        // From HTTP, then from S3.
        let sources: [(name: String, url: String)] = [
            ("mpl_grace_hopper.jpg", stack.images.url("mpl_grace_hopper.jpg")),
            ("skimage_astronaut.png", "s3://\(FunctionStack.bucket)/in/astronaut.png"),
        ]
        try await stack.reader.putObject(bucket: FunctionStack.bucket, key: "in/astronaut.png",
                                         body: try Fixtures.image("skimage_astronaut.png"))
        var stored: Set<String> = ["in/astronaut.png"]
        for (name, url) in sources {
            let answer = try stack.invoke(Self.event(url))
            #expect(!answer.isError, "\(answer.json)")
            let reference = try Fixtures.reference(name)
            let boxes = try #require(answer.json["boxes"] as? [[Int]])
            #expect(Set(boxes) == reference.boxes)
            #expect(answer.json["faces"] as? Int == reference.boxes.count)

            // https://<bucket's S3 domain>/tmp/YYYYMMDDHHMMSS-<uuid>.jpg, the thumbnail under thumbs/ with the same name.
            let outputURL = try #require(answer.json["outputUrl"] as? String)
            let thumbnailURL = try #require(answer.json["thumbnailUrl"] as? String)
            let domain = "https://\(FunctionStack.bucket).s3.us-east-1.amazonaws.com/"
            #expect(outputURL.hasPrefix(domain + "tmp/") && thumbnailURL.hasPrefix(domain + "thumbs/"))
            let imageKey = String(outputURL.dropFirst(domain.count))
            let thumbnailKey = String(thumbnailURL.dropFirst(domain.count))
            let fileName = String(imageKey.dropFirst("tmp/".count))
            #expect(thumbnailKey == "thumbs/" + fileName)
            #expect(fileName.wholeMatch(of: /\d{14}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.jpg/) != nil, "\(fileName)")
            let stamp = try #require(UTCTime(compact: fileName.prefix(14))).date
            #expect(stamp >= before.addingTimeInterval(-1) && stamp <= Date())

            let image = try await stack.reader.getObject(bucket: FunctionStack.bucket, key: imageKey)
            let thumbnail = try await stack.reader.getObject(bucket: FunctionStack.bucket, key: thumbnailKey)
            #expect(image.contentType == "image/jpeg" && thumbnail.contentType == "image/jpeg")
            let marked = try Image.decode(image.body)
            #expect(marked.format == .jpeg && marked.width == reference.width && marked.height == reference.height)
            let small = try Image.decode(thumbnail.body)
            #expect(small.format == .jpeg && max(small.width, small.height) == 256)
            #expect(abs(Double(small.width) / Double(small.height) - Double(reference.width) / Double(reference.height)) < 0.02)
            for box in boxes {
                let whiteness = try Outline.whiteness(of: image.body, box: box)
                #expect(whiteness.outline > 225 && whiteness.inside < whiteness.outline - 40, "\(name) \(box): \(whiteness)")
            }
            stored.formUnion([imageKey, thumbnailKey])
            #expect(Set(try stack.keys()) == stored)
        }

        // One log line per invocation with every step's time.
        let lines = stack.stop().filter { $0["totalMs"] != nil }
        #expect(lines.map { $0["requestId"] as? String } == ["request-1", "request-2"])
        for line in lines {
            for step in ["download", "decode", "detect", "draw", "encode", "upload", "total"] {
                let value = Double(line["\(step)Ms"] as? String ?? "")
                #expect(value != nil && value! > 0, "\(step) in \(line)")
            }
        }
    }

    @Test func storesNothingWhenThereIsNoFace() throws {
        let stack = try FunctionStack(environment: ["OUTPUT_DOMAIN": "cdn.example.com"])
        defer { stack.stop() }
        for name in ["pillow_flower.jpg", "synth_gradient_1280x800.jpg"] {
            #expect(try Fixtures.reference(name).boxes.isEmpty)
            let url = stack.images.url(name)
            let answer = try stack.invoke(Self.event(url))
            #expect(!answer.isError)
            #expect(answer.json.count == 2 && answer.json["faces"] as? Int == 0 && answer.json["outputUrl"] as? String == url,
                    "\(answer.json)")
            #expect(try stack.keys() == [])
        }
    }

    @Test func badInputsFailClearlyAndStoreNothing() throws {
        let stack = try FunctionStack()
        defer { stack.stop() }
        let images = stack.images
        let cases: [(event: String, errorType: String, mentions: String)] = [
            (Self.event(images.url("missing.jpg")), "ImageNotFound", "404"),
            (Self.event("http://127.0.0.1:\(ImageServer.closedPort())/a.jpg"), "ImageUnreachable", "127.0.0.1"),
            (Self.event(images.url("notes.txt")), "NotAnImage", "plain text"),
            (Self.event(images.url("drawing.svg")), "NotAnImage", "not JPEG, PNG, GIF, WebP or BMP"),
            (Self.event(images.url("huge.png")), "ImageTooLarge", "10485760-byte limit"),
            (Self.event(images.url("bomb.png")), "ImageDimensionsTooLarge", "20000x20000"),
            (Self.event(images.url("truncated.jpg")), "CorruptImage", "Premature end of JPEG file"),
            (Self.event(images.url("redirect/6/mpl_grace_hopper.jpg")), "ImageDownloadFailed", "redirects"),
            (Self.event("ftp://127.0.0.1/a.jpg"), "UnsupportedURLScheme", "ftp"),
            (Self.event("s3://\(FunctionStack.bucket)/in/missing.jpg"), "ImageNotFound", "NoSuchKey"),
            (Self.event(""), "InvalidImageURL", "empty"),
            ("{}", "Runtime.UnmarshalError", "missing field 'imageUrl'"),
            (#"{"imageUrl": 42}"#, "Runtime.UnmarshalError", "field 'imageUrl': expected a string"),
            (#"{"imageUrl": null}"#, "Runtime.UnmarshalError", "field 'imageUrl'"),
            (#""https://example.com/a.jpg""#, "Runtime.UnmarshalError", "expected an object"),
            ("{not json", "Runtime.UnmarshalError", "not valid JSON"),
        ]
        for (event, errorType, mentions) in cases {
            let answer = try stack.invoke(event)
            #expect(answer.isError, "\(event): \(answer.json)")
            #expect(answer.errorType == errorType, "\(event): \(answer.json)")
            #expect(answer.errorMessage.contains(mentions), "\(event): \(answer.errorMessage)")
            #expect(try stack.keys() == [], "\(event) left something behind")
        }
        // The function keeps serving after every failure.
        let answer = try stack.invoke(Self.event(images.url("pillow_hopper.jpg")))
        #expect(answer.json["faces"] as? Int == 1, "\(answer.json)")
    }

    @Test func aFailedUploadLeavesNothingBehind() throws {
        let stack = try FunctionStack()
        defer { stack.stop() }
        try stack.s3.setFaults([[
            "method": "PUT", "pathContains": "/thumbs/", "times": 100, "status": 403,
            "body": "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>",
        ]])
        let answer = try stack.invoke(Self.event(stack.images.url("pillow_hopper.jpg")))
        #expect(answer.errorType == "S3UploadFailed", "\(answer.json)")
        #expect(answer.errorMessage.contains("AccessDenied") && answer.errorMessage.contains("nothing was left"), "\(answer.errorMessage)")
        #expect(try stack.keys() == [])
        let puts = try stack.s3.log().filter { $0["method"] as? String == "PUT" }
        #expect(puts.count == 2, "the marked image was stored, then deleted")
    }

    @Test(arguments: [
        (["BUCKET": ""], "InvalidConfiguration", "BUCKET"),
        (["CASCADE_PATH": "/nonexistent/cascade.xml"], "CascadeLoadFailed", "/nonexistent/cascade.xml"),
        (["AWS_ACCESS_KEY_ID": ""], "InvalidConfiguration", "AWS_ACCESS_KEY_ID"),
    ])
    func initErrorsAreReported(environment: [String: String], errorType: String, mentions: String) throws {
        let stack = try FunctionStack(environment: environment)
        defer { stack.stop() }
        let posts = stack.runtime.waitForPosts(1)
        let post = try #require(posts.first)
        #expect(post.path == "/2018-06-01/runtime/init/error")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(post.body.utf8)) as? [String: Any])
        #expect(json["errorType"] as? String == errorType, "\(json)")
        #expect((json["errorMessage"] as? String)?.contains(mentions) == true, "\(json)")
        #expect(stack.function.waitForExit() == 1)
    }

    /// A zip's layout: ImageMagick's coders and configuration under `LAMBDA_TASK_ROOT/imagemagick`, the cascade
    /// in the root. Only the JPEG coder is there, so a PNG failing shows ImageMagick looked there and nowhere else.
    @Test func usesImageMagickAndTheCascadeFromTheTaskRoot() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("task-root-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let coders = root.appendingPathComponent("imagemagick/coders")
        try FileManager.default.createDirectory(at: coders, withIntermediateDirectories: true)
        let systemCoders = try #require(Self.systemCoderDirectory(), "ImageMagick's coder modules are not installed")
        for file in ["jpeg.la", "jpeg.so"] {
            try FileManager.default.createSymbolicLink(at: coders.appendingPathComponent(file),
                                                       withDestinationURL: systemCoders.appendingPathComponent(file))
        }
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("imagemagick/config"),
                                                   withDestinationURL: URL(fileURLWithPath: "/etc/ImageMagick-6"))
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("haarcascade_frontalface_alt.xml"),
                                                   withDestinationURL: URL(fileURLWithPath: Fixtures.cascadePath))

        let stack = try FunctionStack(environment: ["LAMBDA_TASK_ROOT": root.path])
        defer { stack.stop() }
        let jpeg = try stack.invoke(Self.event(stack.images.url("mpl_grace_hopper.jpg")))
        #expect(jpeg.json["faces"] as? Int == 1, "\(jpeg.json)")
        let png = try stack.invoke(Self.event(stack.images.url("skimage_astronaut.png")))
        #expect(png.errorType == "CorruptImage" && png.errorMessage.contains("no decode delegate"), "\(png.json)")
    }

    /// `/usr/lib/<triple>/ImageMagick-6.*/modules-Q16/coders`.
    static func systemCoderDirectory() -> URL? {
        let lib = URL(fileURLWithPath: "/usr/lib")
        let manager = FileManager.default
        for triple in (try? manager.contentsOfDirectory(atPath: lib.path)) ?? [] {
            for version in (try? manager.contentsOfDirectory(atPath: lib.appendingPathComponent(triple).path)) ?? []
            where version.hasPrefix("ImageMagick-6") {
                let coders = lib.appendingPathComponent("\(triple)/\(version)/modules-Q16/coders")
                if manager.fileExists(atPath: coders.appendingPathComponent("jpeg.so").path) { return coders }
            }
        }
        return nil
    }
}
