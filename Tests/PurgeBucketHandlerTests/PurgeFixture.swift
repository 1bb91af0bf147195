import AWS
import Foundation
import TestServers

/// Keys for purge tests, with the ages that decide their fate, relative to now.
struct PurgeFixture {
    /// Key, LastModified age in seconds (nil: now), and whether a purge of `tmp/` older than 1 h deletes it.
    var objects: [(key: String, ageSeconds: Int?, due: Bool)] = []

    /// `YYYYMMDDHHMMSS` for `secondsAgo` before now.
    static func stamp(_ secondsAgo: Int) -> String {
        let time = UTCTime(Date().addingTimeInterval(-Double(secondsAgo)))
        return String(format: "%04d%02d%02d%02d%02d%02d", time.year, time.month, time.day, time.hour, time.minute, time.second)
    }

    /// A mix of `count` objects (a multiple of 10 works best): stamped old and young keys, unstamped keys
    /// aged by LastModified, stamps that win over LastModified, malformed stamps, and neighbouring prefixes.
    static func mixed(count: Int) -> PurgeFixture {
        var fixture = PurgeFixture()
        let share = count / 10
        for i in 0..<share * 3 {  // stamped 2 h to 2 days ago: due, although LastModified is now
            fixture.objects.append(("tmp/\(stamp(7200 + i * 50))-\(i).jpg", nil, true))
        }
        for i in 0..<share * 2 {  // stamped within the last 50 minutes: kept
            fixture.objects.append(("tmp/\(stamp(i % 3000))-young-\(i).jpg", nil, false))
        }
        for i in 0..<share {  // stamped young, LastModified old: the stamp wins, kept
            fixture.objects.append(("tmp/\(stamp(60))-restored-\(i).jpg", 36_000, false))
        }
        for i in 0..<share {  // no stamp, LastModified 2 h+ ago: due
            fixture.objects.append(("tmp/upload \(i) + more=&.txt", 7200 + i, true))
        }
        for i in 0..<share / 2 {  // no stamp, LastModified recent: kept
            fixture.objects.append(("tmp/cache/\(i).bin", 600, false))
        }
        for i in 0..<share / 2 {  // malformed stamps (month 13, 15 digits) fall back to LastModified
            fixture.objects.append(("tmp/20241301000000-\(i)", 7200, true))
            fixture.objects.append(("tmp/202401010000001-\(i)", nil, false))
        }
        // Neighbours of the prefix, all old: never touched.
        let neighbours = ["tmp", "tmp2/", "tmpx", "tmp2/\(stamp(90_000))-x.jpg", "tmpx/\(stamp(90_000)).jpg", "other/tmp/old",
                          "TMP/\(stamp(90_000))-upper.jpg", "tm/\(stamp(90_000))"]
        var index = 0
        while fixture.objects.count < count {
            let key = neighbours[index % neighbours.count] + (index < neighbours.count ? "" : "-\(index)")
            fixture.objects.append((key, 90_000, false))
            index += 1
        }
        return fixture
    }

    var dueKeys: [String] { objects.filter(\.due).map(\.key) }
    var remainingKeys: [String] { objects.filter { !$0.due }.map(\.key).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
    var underPrefix: Int { objects.filter { $0.key.hasPrefix("tmp/") }.count }

    func seed(_ server: S3TestServer, bucket: String) throws {
        try server.createBucket(bucket)
        try server.seed(bucket: bucket, objects: objects.map { ($0.key, $0.ageSeconds) })
    }
}
