import Foundation

/// The loader, libc and every other shared library the staged ELF files need, in the stage's `lib/`; the
/// bootstrap starts through `lib/`'s loader and finds `lib/` through its RPATH.
struct LibraryBundle {
    /// Where a zip's files live on Lambda.
    static let taskRoot = "/var/task"

    /// Library name → the file it was copied from.
    let resolved: [String: String]
    /// The program interpreter's name in `lib/`.
    let loader: String

    /// Copies what `roots` need into `lib/` with mode 644 (the loader 755), and gives every copied library that has
    /// its own search path an RPATH of `$ORIGIN`: a RUNPATH is searched after LD_LIBRARY_PATH (on Lambda /lib64
    /// comes before /var/task/lib), an RPATH before it.
    /// - Throws: `PackagingError` when a library cannot be found or there is not exactly one program interpreter.
    static func make(in staging: Staging, roots: [String], resolver: LibraryResolver = LibraryResolver()) throws(PackagingError) -> LibraryBundle {
        let resolved = try resolver.resolve(roots)
        for (name, path) in resolved { try staging.copy(path, to: "lib/" + name) }
        let loaders = resolved.keys.filter { $0.hasPrefix("ld-linux-") && $0.contains(".so.") }
        guard loaders.count == 1, let loader = loaders.first else {
            throw PackagingError("expected one program interpreter among the libraries, found \(loaders.count)")
        }
        try staging.setMode(staging.folder.appendingPathComponent("lib/" + loader), executable: true)
        for library in staging.files(in: "lib") where try staging.hasSearchPath(library) {
            try staging.patchelf(["--force-rpath", "--set-rpath", "$ORIGIN"], library)
        }
        return LibraryBundle(resolved: resolved, loader: loader)
    }

    /// Points `bootstrap` at the bundled loader and `lib/`.
    func attach(_ bootstrap: URL, staging: Staging) throws(PackagingError) {
        try staging.patchelf(
            ["--set-interpreter", "\(Self.taskRoot)/lib/\(loader)", "--force-rpath", "--set-rpath", "$ORIGIN/lib"], bootstrap)
    }
}
