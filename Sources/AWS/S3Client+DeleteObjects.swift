import Crypto
import FoundationEssentials
import HTTPClient

/// What DeleteObjects reports.
public struct DeleteObjectsOutput: Sendable, Equatable {
    /// Keys S3 reports deleted (empty in quiet mode, which reports failures only).
    public var deleted: [String]
    /// Keys S3 did not delete, each with S3's reason.
    public var errors: [DeleteError]
}

/// A key DeleteObjects did not delete, and why.
public struct DeleteError: Sendable, Equatable, Codable {
    /// The key.
    public var key: String
    /// S3's error code, for example `AccessDenied`.
    public var code: String
    /// S3's message.
    public var message: String

    /// Creates a per-key error.
    /// - Parameters:
    ///   - key: The key.
    ///   - code: The error code.
    ///   - message: The message.
    public init(key: String, code: String, message: String) {
        self.key = key
        self.code = code
        self.message = message
    }
}

extension S3Client {
    /// The most keys one DeleteObjects request may name.
    public static let maxKeysPerDelete = 1000

    /// Deletes up to 1,000 objects in one request.
    ///
    /// A key that does not exist counts as deleted (S3 semantics). Keys S3 refuses (for example
    /// `AccessDenied` from a bucket policy) come back in ``DeleteObjectsOutput/errors``; the call
    /// itself only throws when the whole request fails.
    /// - Parameters:
    ///   - bucket: The bucket.
    ///   - keys: 1 to 1,000 keys.
    ///   - quiet: Report only failures (the default), which keeps responses small.
    /// - Returns: Deleted keys (unless quiet) and per-key errors.
    /// - Throws: ``AWSClientError/invalidArgument`` for no keys or more than 1,000, ``AWSClientError/invalidKey``
    ///   for an empty key, ``S3Error``, or `HTTPClientError`.
    public func deleteObjects(bucket: String, keys: [String], quiet: Bool = true) async throws -> DeleteObjectsOutput {
        let operation = try Self.deleteObjectsOperation(bucket: bucket, keys: keys, quiet: quiet)
        return try Self.deleteObjectsOutput(from: try await send(operation))
    }

    static func deleteObjectsOperation(bucket: String, keys: [String], quiet: Bool) throws(AWSClientError) -> Operation {
        guard (1...Self.maxKeysPerDelete).contains(keys.count) else {
            throw AWSClientError.invalidArgument.with(message: "DeleteObjects takes 1 to 1,000 keys, got \(keys.count)")
        }
        if let bad = keys.first(where: { $0.isEmpty || $0.utf8.count > 1024 }) {
            throw AWSClientError.invalidKey.with(message: "'\(bad)' is not 1 to 1,024 bytes")
        }
        // One such key would make the whole body invalid XML, and S3 would refuse every key in it.
        if let bad = keys.first(where: { !Self.isXMLRepresentable($0) }) {
            throw AWSClientError.invalidKey.with(
                message: "'\(bad.debugDescription)' holds a character XML 1.0 cannot carry; delete it with deleteObject")
        }
        var xml = "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>\(quiet)</Quiet>"
        for key in keys {
            xml += "<Object><Key>\(Self.escapeXML(key))</Key></Object>"
        }
        xml += "</Delete>"
        let body = Array(xml.utf8)
        // S3 refuses DeleteObjects without a body checksum; Content-MD5 is the one every S3 implementation knows.
        let headers: HTTPHeaders = [
            "Content-Type": "application/xml",
            "Content-MD5": Data(Insecure.MD5.hash(data: body)).base64EncodedString(),
        ]
        return Operation(method: .post, bucket: bucket, query: [("delete", nil)], headers: headers, body: body)
    }

    static func deleteObjectsOutput(from response: HTTPResponse) throws(AWSClientError) -> DeleteObjectsOutput {
        let root = try document(response, root: "DeleteResult")
        let deleted = root.children("Deleted").compactMap { $0.child("Key")?.text }
        var errors: [DeleteError] = []
        for element in root.children("Error") {
            guard let key = element.child("Key")?.text else {
                throw AWSClientError.malformedResponse.with(message: "<Error> without a <Key> in a DeleteResult")
            }
            errors.append(DeleteError(
                key: key, code: element.child("Code")?.text ?? "", message: element.child("Message")?.text ?? ""))
        }
        return DeleteObjectsOutput(deleted: deleted, errors: errors)
    }

    /// Whether a key can travel in a DeleteObjects body: XML 1.0 has no way to write most C0 control
    /// characters (not even as `&#1;`), nor U+FFFE and U+FFFF. S3 allows them in keys; such keys must be
    /// deleted one by one with ``deleteObject(bucket:key:)``.
    /// - Parameter key: The key.
    /// - Returns: `true` when every character is an XML 1.0 `Char`.
    public static func isXMLRepresentable(_ key: String) -> Bool {
        key.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: true
            case 0x00..<0x20, 0xFFFE, 0xFFFF: false
            default: true
            }
        }
    }

    /// Escapes text for an XML element; carriage returns become references so parsers keep them.
    static func escapeXML(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&apos;"
            case "\r": output += "&#13;"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}
