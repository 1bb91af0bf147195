import Foundation
import TestServers

/// The reference face images and generated bad inputs, served over HTTP on 127.0.0.1 by `file_server.py`
/// from a temporary folder.
final class ImageServer: @unchecked Sendable {
    private let process: ServerProcess
    private let folder: URL
    /// `http://127.0.0.1:<port>`.
    let base: String

    /// The generated files, by name.
    static func generated() throws -> [String: [UInt8]] { [
        "notes.txt": Fixtures.text,
        "drawing.svg": Fixtures.svg,
        "huge.png": Fixtures.oversizedPNG(count: 11 << 20),
        "bomb.png": Fixtures.pngClaiming(width: 20_000, height: 20_000),
        "truncated.jpg": try Fixtures.truncatedJPEG(),
    ] }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("images-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: Fixtures.images.path) {
            try FileManager.default.createSymbolicLink(
                at: folder.appendingPathComponent(name), withDestinationURL: Fixtures.images.appendingPathComponent(name))
        }
        for (name, bytes) in try Self.generated() {
            try Data(bytes).write(to: folder.appendingPathComponent(name))
        }
        process = try ServerProcess(script: "file_server.py", arguments: [folder.path])
        base = "http://127.0.0.1:\(process.port())"
    }

    /// The URL of a path on this server, e.g. `url("mpl_grace_hopper.jpg")`.
    func url(_ path: String) -> String {
        "\(base)/\(path)"
    }

    func stop() {
        process.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    deinit { stop() }

    /// A loopback port nothing listens on (bound, then released).
    static func closedPort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                _ = bind(fd, $0, length)
                _ = getsockname(fd, $0, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
