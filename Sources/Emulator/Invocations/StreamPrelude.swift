/// The JSON prelude of a Function URL / API Gateway streamed response.
enum StreamPrelude {
    /// Splits a Function URL stream into its JSON prelude and body at the first 8 NUL bytes within 16 KB.
    static func split(_ body: [UInt8]) -> InvocationResult.HTTPIntegrationResponse? {
        let window = body.prefix(16 * 1024 + 8)
        guard window.count >= 8 else { return nil }
        for index in 0...(window.count - 8) where window[index..<index + 8].allSatisfy({ $0 == 0 }) {
            return .init(prelude: Array(body[..<index]), body: Array(body[(index + 8)...]))
        }
        return nil
    }
}
