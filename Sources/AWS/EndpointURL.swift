/// Where a client sends requests, read and checked as the AWS SDKs do it: the region, and a custom endpoint from
/// the service's own `AWS_ENDPOINT_URL_<SERVICE>` variable or the global `AWS_ENDPOINT_URL`.
enum EndpointURL {
    /// The region from `AWS_REGION` (Lambda sets it), else `AWS_DEFAULT_REGION`; empty values count as unset.
    /// - Throws: ``AWSClientError/missingRegion`` when neither is set or the value is not a region name.
    static func region(in environment: [String: String]) throws(AWSClientError) -> String {
        guard let region = nonEmpty("AWS_REGION", environment) ?? nonEmpty("AWS_DEFAULT_REGION", environment) else {
            throw AWSClientError.missingRegion.with(message: "set AWS_REGION or AWS_DEFAULT_REGION")
        }
        return try validated(region: region)
    }

    /// The custom endpoint the environment names for a service, unvalidated: the service's variable (for example
    /// `AWS_ENDPOINT_URL_SSM`), else `AWS_ENDPOINT_URL`; none when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is `true`.
    static func configured(in environment: [String: String], serviceVariable: String) -> String? {
        if nonEmpty("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", environment)?.lowercased() == "true" { return nil }
        return nonEmpty(serviceVariable, environment) ?? nonEmpty("AWS_ENDPOINT_URL", environment)
    }

    /// A region name: not empty, printable ASCII, no `/` (it becomes part of host names and the signing scope).
    static func validated(region: String) throws(AWSClientError) -> String {
        guard !region.isEmpty, region.utf8.allSatisfy({ $0 > 0x20 && $0 != UInt8(ascii: "/") && $0 < 0x7F }) else {
            throw AWSClientError.missingRegion.with(message: "region '\(region)' is empty or not a region name")
        }
        return region
    }

    /// An `http(s)://host[:port]` endpoint without trailing slashes.
    /// - Throws: ``AWSClientError/invalidEndpoint`` for anything else (a path, query, user info, spaces).
    static func validated(_ endpoint: String) throws(AWSClientError) -> String {
        var trimmed = Substring(endpoint)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        let lowered = trimmed.lowercased()
        let schemeLength = lowered.hasPrefix("https://") ? 8 : lowered.hasPrefix("http://") ? 7 : 0
        let authority = trimmed.dropFirst(schemeLength)
        guard schemeLength > 0, !authority.isEmpty,
              !authority.contains(where: { "/?#@ ".contains($0) || $0.isNewline })
        else {
            throw AWSClientError.invalidEndpoint.with(message: "'\(endpoint)' is not http(s)://host[:port]")
        }
        return String(trimmed)
    }

    private static func nonEmpty(_ name: String, _ environment: [String: String]) -> String? {
        environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }
}
