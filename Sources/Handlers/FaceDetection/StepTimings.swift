import Logging

/// How long each step of one invocation took.
///
/// `decode` includes the gray conversion detection needs; `encode` includes the thumbnail's resize
/// and both JPEG encodings. Steps that did not run stay zero.
public struct StepTimings: Sendable, Equatable {
    /// Fetching the image.
    public var download: Duration = .zero
    /// Decoding it (with limits) and converting it to gray.
    public var decode: Duration = .zero
    /// Viola–Jones detection.
    public var detect: Duration = .zero
    /// Drawing the rectangles.
    public var draw: Duration = .zero
    /// JPEG-encoding the marked image, resizing and encoding the thumbnail.
    public var encode: Duration = .zero
    /// Storing both in S3 (and deleting them again if one failed).
    public var upload: Duration = .zero

    /// Creates zero timings.
    public init() {}

    /// The steps in order, with their names as logged.
    public var steps: [(name: String, duration: Duration)] {
        [("download", download), ("decode", decode), ("detect", detect), ("draw", draw), ("encode", encode),
         ("upload", upload)]
    }

    /// Runs `body` and adds its wall time to one step.
    /// - Parameters:
    ///   - step: The step to charge.
    ///   - body: The work.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws (the time is still charged).
    public mutating func measure<T, E: Error>(
        _ step: WritableKeyPath<StepTimings, Duration>, _ body: () throws(E) -> T
    ) throws(E) -> T {
        let start = ContinuousClock.now
        defer { self[keyPath: step] += ContinuousClock.now - start }
        return try body()
    }

    /// Runs asynchronous `body` and adds its wall time to one step.
    /// - Parameters:
    ///   - step: The step to charge.
    ///   - body: The work.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws (the time is still charged).
    public mutating func measure<T, E: Error>(
        _ step: WritableKeyPath<StepTimings, Duration>, _ body: () async throws(E) -> T
    ) async throws(E) -> T {
        let start = ContinuousClock.now
        defer { self[keyPath: step] += ContinuousClock.now - start }
        return try await body()
    }

    /// The steps as log metadata in milliseconds (`downloadMs`, …, `totalMs`), to the microsecond so that
    /// even the shortest step (drawing) shows.
    /// - Parameter total: The invocation's whole time.
    /// - Returns: Metadata for one log line.
    public func metadata(total: Duration) -> Logger.Metadata {
        var metadata: Logger.Metadata = ["totalMs": "\(Self.milliseconds(total))"]
        for (name, duration) in steps {
            metadata["\(name)Ms"] = "\(Self.milliseconds(duration))"
        }
        return metadata
    }

    /// A duration in milliseconds to the microsecond, e.g. `12.345`.
    /// - Parameter duration: The duration.
    /// - Returns: The text.
    public static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let tenthsOfMicroseconds = seconds * 10_000_000 + attoseconds / 100_000_000_000
        let microseconds = (tenthsOfMicroseconds + 5) / 10
        let fraction = String(microseconds % 1000)
        return "\(microseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
