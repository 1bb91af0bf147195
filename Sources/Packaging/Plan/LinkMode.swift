/// How a product's `bootstrap` is linked.
public enum LinkMode: String, Sendable, Equatable, Codable {
    /// One fully static executable (`-static-executable`): pure Swift, nothing from the OS but the kernel.
    case staticExecutable = "StaticExecutable"
    /// The Swift runtime linked statically; the loader, libc and every other shared library bundled in `lib/`.
    case bundled = "Bundled"

    /// The folder name under the scratch path; separate folders since `-static-executable` reaches every compile
    /// command, so sharing one would rebuild everything each time the mode changes.
    var scratchFolder: String {
        switch self {
        case .staticExecutable: "static-executable"
        case .bundled: "static-stdlib"
        }
    }

    /// Shared libraries glibc itself provides: a binary that needs no other can be linked as one static executable.
    static let glibcLibraries: Set<String> = [
        "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "libutil.so.1",
        "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1",
    ]

    /// The mode a binary built with the Swift runtime linked statically calls for: static when it needs nothing
    /// beyond glibc, bundled otherwise.
    public static func chosen(forNeeded needed: [String]) -> LinkMode {
        needed.allSatisfy(glibcLibraries.contains) ? .staticExecutable : .bundled
    }
}
