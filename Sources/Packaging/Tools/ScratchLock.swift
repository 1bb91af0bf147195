import Foundation

/// One packaging run at a time per scratch folder: runs share the staging folders under it.
public final class ScratchLock {
    private let descriptor: Int32

    /// Waits for the lock on `<scratch>/build.lock`.
    /// - Throws: `PackagingError` when the lock file cannot be opened.
    public init(_ scratch: URL) throws(PackagingError) {
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        descriptor = open(scratch.appendingPathComponent("build.lock").path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .io("cannot open \(scratch.path)/build.lock") }
        _ = flock(descriptor, LOCK_EX)
    }

    /// Releases the lock.
    public func release() { close(descriptor) }
}
