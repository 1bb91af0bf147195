import FoundationEssentials
import HTTPClient

/// One page of a ListObjectsV2 listing.
public struct ListObjectsV2Output: Sendable, Equatable {
    /// The objects on this page, in key order.
    public var objects: [S3Object]
    /// With a delimiter: the prefixes that group further keys ("folders").
    public var commonPrefixes: [String]
    /// Whether more pages follow.
    public var isTruncated: Bool
    /// The token for the next page; `nil` on the last page.
    public var nextContinuationToken: String?
}

extension S3Client {
    /// Lists up to `maxKeys` objects (S3 returns at most 1,000) whose keys start with `prefix`.
    ///
    /// Keys are requested URL-encoded (`encoding-type=url`) and decoded here, so keys holding
    /// characters XML cannot carry still list correctly.
    /// - Parameters:
    ///   - bucket: The bucket.
    ///   - prefix: Only keys that start with this; all keys if `nil`.
    ///   - maxKeys: The page size, 1 to 1,000; S3's default (1,000) if `nil`.
    ///   - continuationToken: The previous page's ``ListObjectsV2Output/nextContinuationToken``.
    ///   - startAfter: Only keys after this one (first page only).
    ///   - delimiter: Groups keys by the part of their name up to this string into common prefixes.
    /// - Returns: One page.
    /// - Throws: ``S3Error`` (for example `NoSuchBucket`), ``AWSClientError``, or `HTTPClientError`.
    public func listObjectsV2(
        bucket: String,
        prefix: String? = nil,
        maxKeys: Int? = nil,
        continuationToken: String? = nil,
        startAfter: String? = nil,
        delimiter: String? = nil
    ) async throws -> ListObjectsV2Output {
        let operation = try Self.listObjectsV2Operation(
            bucket: bucket, prefix: prefix, maxKeys: maxKeys, continuationToken: continuationToken,
            startAfter: startAfter, delimiter: delimiter)
        return try Self.listObjectsV2Output(from: try await send(operation))
    }

    static func listObjectsV2Operation(
        bucket: String, prefix: String?, maxKeys: Int?, continuationToken: String?, startAfter: String?, delimiter: String?
    ) throws(AWSClientError) -> Operation {
        var query: [(String, String?)] = [("list-type", "2"), ("encoding-type", "url")]
        if let prefix { query.append(("prefix", prefix)) }
        if let maxKeys {
            guard (1...1000).contains(maxKeys) else {
                throw AWSClientError.invalidArgument.with(message: "maxKeys must be 1 to 1,000, got \(maxKeys)")
            }
            query.append(("max-keys", String(maxKeys)))
        }
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        if let startAfter { query.append(("start-after", startAfter)) }
        if let delimiter { query.append(("delimiter", delimiter)) }
        return Operation(method: .get, bucket: bucket, query: query)
    }

    static func listObjectsV2Output(from response: HTTPResponse) throws(AWSClientError) -> ListObjectsV2Output {
        let root = try document(response, root: "ListBucketResult")
        let urlEncoded = root.child("EncodingType")?.text == "url"
        let decode = { (text: String) in urlEncoded ? URIEncoding.decode(text, plusAsSpace: true) : text }

        var objects: [S3Object] = []
        for contents in root.children("Contents") {
            guard let key = contents.child("Key")?.text,
                  let modified = contents.child("LastModified").flatMap({ UTCTime(iso8601: $0.text) }),
                  let size = contents.child("Size").flatMap({ Int($0.text) })
            else {
                throw AWSClientError.malformedResponse.with(message: "<Contents> without a valid Key, LastModified or Size")
            }
            let eTag = unquoted(contents.child("ETag")?.text ?? "")
            objects.append(S3Object(key: decode(key), lastModified: modified.date, size: size, eTag: eTag))
        }
        let isTruncated = root.child("IsTruncated")?.text == "true"
        let token = root.child("NextContinuationToken")?.text
        if isTruncated && (token ?? "").isEmpty {
            throw AWSClientError.malformedResponse.with(message: "truncated listing without a NextContinuationToken")
        }
        return ListObjectsV2Output(
            objects: objects,
            commonPrefixes: root.children("CommonPrefixes").compactMap { $0.child("Prefix").map { decode($0.text) } },
            isTruncated: isTruncated,
            nextContinuationToken: isTruncated ? token : nil)
    }
}
