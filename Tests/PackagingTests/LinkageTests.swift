import Foundation
import Testing
import TestSupport

/// What each bootstrap and bundled library links against, read from the zips with readelf.
@Suite struct LinkageTests {
    let functions: PackagedFunctions
    static let staticFunctions: Set = ["greetings", "streamingGreetings", "whatIsMyIp"]
    static let loader = "/var/task/lib/ld-linux-x86-64.so.2"

    init() throws {
        functions = try PackagedFunctions.get()
    }

    @Test func pureSwiftFunctionsAreOneStaticExecutable() throws {
        for function in Self.staticFunctions {
            try #require(functions.built.contains(function))
            #expect(try ZipArchive(functions.zip(function)).names == ["bootstrap"])
            let folder = try ZipArchive.unpack(functions.zip(function))
            defer { try? FileManager.default.removeItem(at: folder) }
            let bootstrap = try ReadelfReport(folder.appendingPathComponent("bootstrap").path)
            #expect(!bootstrap.isDynamic, "\(function)")
            #expect(bootstrap.needed.isEmpty, "\(function): \(bootstrap.needed)")
            #expect(bootstrap.interpreter == nil, "\(function)")
            let sections = try Command.run("readelf", ["-SW", bootstrap.path]).standardOutput
            #expect(!sections.contains(".debug_info") && !sections.contains(".symtab"), "\(function) is stripped")
        }
    }

    @Test func noBootstrapNeedsFoundationICUOrTheSwiftRuntimeLibraries() throws {
        for function in functions.built {
            let folder = try ZipArchive.unpack(functions.zip(function))
            defer { try? FileManager.default.removeItem(at: folder) }
            let needed = try ReadelfReport(folder.appendingPathComponent("bootstrap").path).needed
            let forbidden = needed.filter {
                $0.hasPrefix("libFoundation") || $0.hasPrefix("libicu") || $0.hasPrefix("libswift") || $0.hasPrefix("libdispatch")
                    || $0.hasPrefix("libBlocksRuntime") || $0.hasPrefix("lib_FoundationICU")
            }
            #expect(forbidden.isEmpty, "\(function) needs \(forbidden)")
            let bundled = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("lib").path)) ?? []
            #expect(!bundled.contains { $0.hasPrefix("libFoundation") || $0.hasPrefix("libswift") }, "\(function): \(bundled)")
        }
    }

    /// Every NEEDED of every ELF file in a bundled zip names a file in its lib/, the bootstrap starts through the
    /// bundled loader and searches lib/ through an RPATH (searched before LD_LIBRARY_PATH, unlike RUNPATH), and no
    /// bundled library has a RUNPATH that would send its own lookups to LD_LIBRARY_PATH first.
    @Test func bundledZipsAreClosedUnderNEEDED() throws {
        let bundledFunctions = functions.built.filter { !Self.staticFunctions.contains($0) }
        for function in bundledFunctions {
            let folder = try ZipArchive.unpack(functions.zip(function))
            defer { try? FileManager.default.removeItem(at: folder) }
            let lib = folder.appendingPathComponent("lib")
            let libraries = Set(try FileManager.default.contentsOfDirectory(atPath: lib.path))
            let bootstrap = try ReadelfReport(folder.appendingPathComponent("bootstrap").path)
            #expect(bootstrap.interpreter == Self.loader, "\(function)")
            #expect(bootstrap.rpath == "$ORIGIN/lib", "\(function)")
            #expect(bootstrap.runpath == nil, "\(function)")
            #expect(libraries.contains("libc.so.6") && libraries.contains("ld-linux-x86-64.so.2"), "\(function): \(libraries)")
            let coders = folder.appendingPathComponent("imagemagick/coders")
            let coderFiles = ((try? FileManager.default.contentsOfDirectory(atPath: coders.path)) ?? [])
                .filter { $0.hasSuffix(".so") }.map { coders.appendingPathComponent($0).path }
            var neededBy: [String: [String]] = [:]
            for path in [bootstrap.path] + libraries.sorted().map({ lib.appendingPathComponent($0).path }) + coderFiles {
                let file = try ReadelfReport(path)
                #expect(file.runpath == nil, "\(function): \(path) has RUNPATH \(file.runpath ?? "")")
                for name in file.needed {
                    #expect(libraries.contains(name), "\(function): \(URL(fileURLWithPath: path).lastPathComponent) needs \(name), not in lib/")
                    neededBy[name, default: []].append(URL(fileURLWithPath: path).lastPathComponent)
                }
            }
            // Nothing unneeded is shipped: every library is the loader or someone's NEEDED.
            #expect(libraries.subtracting(neededBy.keys).subtracting(["ld-linux-x86-64.so.2"]).isEmpty, "\(function)")
            // Debian's libxml2 (ImageMagick's XML) links ICU; nothing else may.
            for (name, users) in neededBy where name.hasPrefix("libicu") {
                #expect(users.allSatisfy { $0.hasPrefix("libxml2") || $0.hasPrefix("libicu") }, "\(function): \(name) needed by \(users)")
            }
        }
    }

    @Test(.enabled(if: PackagedFunctions.productExists("faceDetection")))
    func faceDetectionCarriesImageMagicksCodersConfigurationAndTheCascade() throws {
        try #require(functions.built.contains("faceDetection"))
        let folder = try ZipArchive.unpack(functions.zip("faceDetection"))
        defer { try? FileManager.default.removeItem(at: folder) }
        let names = try ZipArchive(functions.zip("faceDetection")).names
        for coder in ["bmp", "gif", "jpeg", "png", "webp"] {
            #expect(names.contains("imagemagick/coders/\(coder).so") && names.contains("imagemagick/coders/\(coder).la"), "\(coder)")
            let la = try String(contentsOf: folder.appendingPathComponent("imagemagick/coders/\(coder).la"), encoding: .utf8)
            #expect(la.contains("dlname='\(coder).so'") && la.contains("libdir='/var/task/imagemagick/coders'"), "\(coder).la")
        }
        for config in ["policy.xml", "coder.xml", "magic.xml", "delegates.xml", "english.xml", "locale.xml"] {
            #expect(names.contains("imagemagick/config/\(config)"), "\(config)")
        }
        let policy = try String(contentsOf: folder.appendingPathComponent("imagemagick/config/policy.xml"), encoding: .utf8)
        #expect(policy == (try String(contentsOfFile: "/etc/ImageMagick-6/policy.xml", encoding: .utf8)), "Debian's policy, unchanged")
        let cascade = try Data(contentsOf: folder.appendingPathComponent("haarcascade_frontalface_alt.xml"))
        #expect(cascade == (try Data(contentsOf: URL(fileURLWithPath: "/usr/share/opencv4/haarcascades/haarcascade_frontalface_alt.xml"))))
        let notices = try String(contentsOf: folder.appendingPathComponent("THIRD_PARTY_NOTICES"), encoding: .utf8)
        #expect(notices.contains("Intel License Agreement"))
        #expect(notices.contains("Copyright (C) 2000, Intel Corporation, all rights reserved."))
        #expect(notices.contains("Debian package libmagickcore-6.q16-6"))
    }
}
