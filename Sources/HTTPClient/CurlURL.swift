import CCurl

/// A URL read by curl's own parser (`curl_url`), so that what is checked is what curl will fetch.
struct CurlURL {
    /// The host, lowercased, IPv6 brackets removed; `nil` when the URL does not parse.
    let host: String?
    /// Whether the URL names a user or password (`user:pw@host`).
    let hasUserInfo: Bool

    init(_ text: String) {
        guard let handle = curl_url() else {
            host = nil
            hasUserInfo = false
            return
        }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, text, 0) == CURLUE_OK else {
            host = nil
            hasUserInfo = false
            return
        }
        func part(_ which: CURLUPart) -> String? {
            var value: UnsafeMutablePointer<CChar>?
            guard curl_url_get(handle, which, &value, 0) == CURLUE_OK, let value else { return nil }
            defer { curl_free(value) }
            return String(cString: value)
        }
        hasUserInfo = part(CURLUPART_USER) != nil || part(CURLUPART_PASSWORD) != nil
        host = part(CURLUPART_HOST).map { name in
            let lowered = name.lowercased()
            return lowered.hasPrefix("[") && lowered.hasSuffix("]") ? String(lowered.dropFirst().dropLast()) : lowered
        }
    }
}
