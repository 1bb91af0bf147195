import Crypto
import FoundationEssentials
import HTTPClient

/// What PutObject reports.
public struct PutObjectOutput: Sendable, Equatable {
    /// The new object's entity tag, quotes removed.
    public var eTag: String
}

/// An object's content and metadata.
public struct GetObjectOutput: Sendable, Equatable {
    /// The content.
    public var body: [UInt8]
    /// The `Content-Type` it was stored with.
    public var contentType: String?
    /// The entity tag, quotes removed.
    public var eTag: String
}

extension S3Client {
    /// Stores an object, replacing any object with the same key.
    ///
    /// Sends `Content-MD5`, so S3 refuses a body damaged on the way (`BadDigest`), as well as the
    /// SHA-256 that signing covers.
    /// - Parameters:
    ///   - bucket: The bucket.
    ///   - key: The key (1 to 1,024 bytes of UTF-8).
    ///   - body: The content.
    ///   - contentType: The `Content-Type` to store, `binary/octet-stream` (S3's default) if `nil`.
    /// - Returns: The entity tag.
    /// - Throws: ``S3Error``, ``AWSClientError``, or `HTTPClientError`.
    @discardableResult
    public func putObject(bucket: String, key: String, body: [UInt8], contentType: String? = nil) async throws -> PutObjectOutput {
        let response = try await send(Self.putObjectOperation(bucket: bucket, key: key, body: body, contentType: contentType))
        return PutObjectOutput(eTag: Self.unquoted(response.headers["ETag"] ?? ""))
    }

    static func putObjectOperation(bucket: String, key: String, body: [UInt8], contentType: String?) -> Operation {
        var headers: HTTPHeaders = ["Content-MD5": Data(Insecure.MD5.hash(data: body)).base64EncodedString()]
        if let contentType {
            headers["Content-Type"] = contentType
        }
        return Operation(method: .put, bucket: bucket, key: key, headers: headers, body: body)
    }

    /// Reads a whole object.
    /// - Parameters:
    ///   - bucket: The bucket.
    ///   - key: The key.
    /// - Returns: The content, content type and entity tag.
    /// - Throws: ``S3Error`` (`NoSuchKey` for a missing object), ``AWSClientError``, or `HTTPClientError`.
    public func getObject(bucket: String, key: String) async throws -> GetObjectOutput {
        let response = try await send(Operation(method: .get, bucket: bucket, key: key))
        return GetObjectOutput(
            body: response.body,
            contentType: response.headers["Content-Type"],
            eTag: Self.unquoted(response.headers["ETag"] ?? ""))
    }

    /// Deletes one object; a key that does not exist counts as deleted (S3 semantics).
    ///
    /// The key travels in the URL, so unlike ``deleteObjects(bucket:keys:quiet:)`` this works for keys
    /// holding characters XML 1.0 cannot carry (see ``isXMLRepresentable(_:)``).
    /// - Parameters:
    ///   - bucket: The bucket.
    ///   - key: The key (1 to 1,024 bytes of UTF-8).
    /// - Throws: ``S3Error``, ``AWSClientError``, or `HTTPClientError`.
    public func deleteObject(bucket: String, key: String) async throws {
        _ = try await send(Operation(method: .delete, bucket: bucket, key: key))
    }

    static func unquoted(_ tag: String) -> String {
        tag.count >= 2 && tag.hasPrefix("\"") && tag.hasSuffix("\"") ? String(tag.dropFirst().dropLast()) : tag
    }
}
