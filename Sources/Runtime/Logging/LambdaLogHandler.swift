#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

/// A swift-log handler that writes Lambda's log lines to standard output, one `write(2)` per line so lines
/// from concurrent tasks never interleave.
///
/// Text: `2026-11-23T15:04:05.123Z<TAB>requestId<TAB>INFO<TAB>message key=value`.
/// JSON: `{"timestamp":"…","level":"INFO","requestId":"…","message":"…", metadata…}`, which Lambda filters by level.
struct LambdaLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level
    let requestID: String?
    /// The invocation's tenant (multi-tenant functions); written in JSON lines as `tenantId`.
    let tenantID: String?
    let format: LogConfiguration.Format
    let descriptor: Int32

    init(configuration: LogConfiguration, requestID: String?, tenantID: String? = nil, descriptor: Int32 = 1) {
        logLevel = configuration.level
        format = configuration.format
        self.requestID = requestID
        self.tenantID = tenantID
        self.descriptor = descriptor
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let explicit = event.metadata { merged.merge(explicit) { $1 } }
        let message = event.message.description
        let bytes = format == .json
            ? Self.jsonLine(level: event.level, message: message, metadata: merged, requestID: requestID, tenantID: tenantID)
            : Self.textLine(level: event.level, message: message, metadata: merged, requestID: requestID)
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    static func textLine(level: Logger.Level, message: String, metadata: Logger.Metadata, requestID: String?) -> [UInt8] {
        var line = WallClock.timestamp()
        line += "\t"
        if let requestID { line += requestID + "\t" }
        line += LogConfiguration.lambdaName(level) + "\t" + message
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            line += " \(key)=\(value)"
        }
        // Multi-line messages stay one record: Lambda splits records on newlines.
        var bytes = Array(line.utf8).map { $0 == 0x0A ? 0x0D : $0 }
        bytes.append(0x0A)
        return bytes
    }

    static func jsonLine(
        level: Logger.Level, message: String, metadata: Logger.Metadata, requestID: String?, tenantID: String? = nil
    ) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.utf8.count + 96)
        out.append(contentsOf: #"{"timestamp":"#.utf8)
        JSONText.appendQuoted(WallClock.timestamp(), to: &out)
        out.append(contentsOf: #","level":"#.utf8)
        JSONText.appendQuoted(LogConfiguration.lambdaName(level), to: &out)
        if let requestID {
            out.append(contentsOf: #","requestId":"#.utf8)
            JSONText.appendQuoted(requestID, to: &out)
        }
        if let tenantID {
            out.append(contentsOf: #","tenantId":"#.utf8)
            JSONText.appendQuoted(tenantID, to: &out)
        }
        out.append(contentsOf: #","message":"#.utf8)
        JSONText.appendQuoted(message, to: &out)
        for (key, value) in metadata.sorted(by: { $0.key < $1.key })
        where !["timestamp", "level", "requestId", "tenantId", "message"].contains(key) {
            out.append(UInt8(ascii: ","))
            JSONText.appendQuoted(key, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONText.appendQuoted(value.description, to: &out)
        }
        out.append(contentsOf: "}\n".utf8)
        return out
    }
}
