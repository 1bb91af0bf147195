import FaceDetectionHandler
import Testing

@Suite struct ImageSourceTests {
    @Test(arguments: [
        ("http://example.com/a.jpg", ImageSource.web(url: "http://example.com/a.jpg")),
        ("https://example.com/a%20b.jpg?x=1", .web(url: "https://example.com/a%20b.jpg?x=1")),
        ("HTTPS://example.com", .web(url: "HTTPS://example.com")),
        ("http://127.0.0.1:8080/x.png", .web(url: "http://127.0.0.1:8080/x.png")),
        ("s3://faces/in/photo.jpg", .s3(bucket: "faces", key: "in/photo.jpg")),
        ("S3://faces/a b+c.jpg", .s3(bucket: "faces", key: "a b+c.jpg")),
    ])
    func parses(text: String, expected: ImageSource) throws {
        #expect(try ImageSource(text) == expected)
    }

    @Test(arguments: ["ftp://example.com/a.jpg", "file:///etc/passwd", "gopher://x/", "data:image/png;base64,AAAA",
                      "javascript:alert(1)"])
    func refusesOtherSchemes(text: String) {
        let error = #expect(throws: FaceDetectionHandlerError.self) { try ImageSource(text) }
        #expect(error == .unsupportedScheme)
        #expect(error?.errorType == "UnsupportedURLScheme")
    }

    @Test(arguments: ["", "example.com/a.jpg", "/a.jpg", "http:/a.jpg", "http://", "http:///a.jpg", "s3://bucket",
                      "s3://bucket/", "s3:///key", "http://example.com/a b.jpg", "http://example.com/\n", "s3://b/\u{7F}", "://x"])
    func refusesMalformedURLs(text: String) {
        let error = #expect(throws: FaceDetectionHandlerError.self) { try ImageSource(text) }
        #expect(error == .invalidImageURL, "\(text): \(String(describing: error))")
        #expect(error?.errorType == "InvalidImageURL")
    }
}
