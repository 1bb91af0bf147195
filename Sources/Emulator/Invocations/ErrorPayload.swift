import Foundation

/// Lambda's error JSON, and the rules for the bodies a runtime posts to `/error` and `/init/error`.
enum ErrorPayload {
    /// The error JSON for `/error` and `/init/error`: the runtime's body when it is a JSON object, else one built
    /// from the error-type header; and the error type for the log.
    static func make(body: [UInt8], header: String?) -> ([UInt8], String) {
        if let object = jsonObjectBytes(body),
            let parsed = try? JSONSerialization.jsonObject(with: Data(object)) as? [String: Any]
        {
            return (object, (parsed["errorType"] as? String) ?? header ?? "Unhandled")
        }
        let type = header ?? "Unhandled"
        return (Invocation.errorJSON(type: type, message: String(decoding: body, as: UTF8.self)), type)
    }

    /// The bytes when they are one JSON object, else nil.
    static func jsonObjectBytes(_ bytes: [UInt8]) -> [UInt8]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)), object is [String: Any] else {
            return nil
        }
        return bytes
    }

    /// The error of a streamed response that failed midway, from its trailers: the decoded
    /// `Lambda-Runtime-Function-Error-Body` when it is a JSON object, else one built from the type and the text.
    static func fromTrailers(type: String, encodedBody: String?) -> [UInt8] {
        let decoded = encodedBody.flatMap { Data(base64Encoded: $0) }
        return decoded.map(Array.init).flatMap(jsonObjectBytes)
            ?? Invocation.errorJSON(type: type, message: decoded.map { String(decoding: $0, as: UTF8.self) } ?? "")
    }
}
