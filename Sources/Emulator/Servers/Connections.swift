import NIOCore
import Synchronization

/// The open connections of a server: closed together at shutdown, capped, and told apart as idle or busy so
/// that a full server makes room by closing the connection idle the longest.
final class Connections: Sendable {
    private struct Entry {
        var channel: any Channel
        /// When the connection last became idle (opened, or answered its request); nil while a request is in flight.
        var idleSince: ContinuousClock.Instant?
    }

    private let entries = Mutex<[ObjectIdentifier: Entry]>([:])
    private let limit: Int?

    init(limit: Int?) { self.limit = limit }

    /// Takes a new connection, closing the longest-idle one when the server is full.
    /// - Returns: false when the server is full of busy connections (the caller refuses this one).
    func admit(_ channel: any Channel) -> Bool {
        let key = ObjectIdentifier(channel)
        let (admitted, evicted): (Bool, (any Channel)?) = entries.withLock { entries in
            var evicted: (any Channel)?
            if let limit, entries.count >= limit {
                let idle = entries.filter { $0.value.idleSince != nil }.min { $0.value.idleSince! < $1.value.idleSince! }
                guard let idle else { return (false, nil) }
                evicted = entries.removeValue(forKey: idle.key)?.channel
            }
            entries[key] = Entry(channel: channel, idleSince: .now)
            return (true, evicted)
        }
        evicted?.close(promise: nil)
        if admitted {
            channel.closeFuture.whenComplete { [self] _ in _ = entries.withLock { $0.removeValue(forKey: key) } }
        }
        return admitted
    }

    /// Marks a connection busy (a request head arrived) or idle (its response is written).
    func setIdle(_ channel: any Channel, _ idle: Bool) {
        let key = ObjectIdentifier(channel)
        entries.withLock { $0[key]?.idleSince = idle ? .now : nil }
    }

    var count: Int { entries.withLock { $0.count } }

    func all() -> [any Channel] { entries.withLock { $0.values.map(\.channel) } }
}
