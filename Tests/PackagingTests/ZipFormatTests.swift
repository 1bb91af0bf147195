import Foundation
import Testing
import TestSupport

/// The zips are reproducible: fixed timestamps, sorted entries, fixed permissions, no extra attributes, and the
/// same bytes from a second run.
@Suite struct ZipFormatTests {
    let functions: PackagedFunctions

    init() throws {
        functions = try PackagedFunctions.get()
    }

    @Test func everyDeclaredFunctionWithAProductHasAZip() throws {
        #expect(functions.declared == ["apiProxy", "faceDetection", "greetings", "purgeBucketByPrefix", "streamingGreetings", "whatIsMyIp"])
        for function in functions.declared {
            #expect(functions.built.contains(function) == PackagedFunctions.productExists(function), "\(function)")
            if !functions.built.contains(function) {
                #expect(functions.log.contains("skipping \(function): Package.swift has no executable product '\(function)' yet"))
            }
        }
        // The summary: one line per zip with its size and SHA-256.
        for function in functions.built {
            let size = try FileManager.default.attributesOfItem(atPath: functions.zip(function).path)[.size] as? Int
            let name = "\(function).zip", bytes = String(size ?? 0)
            let line = name + String(repeating: " ", count: max(0, 22 - name.count)) + " "
                + String(repeating: " ", count: max(0, 10 - bytes.count)) + "\(bytes) bytes  sha256 \(try sha256(functions.zip(function)))"
            #expect(functions.log.contains(line), "\(line)\n\(functions.log)")
        }
    }

    @Test func entriesAreSortedWithFixedTimesModesAndNoExtraFields() throws {
        for function in functions.built {
            let archive = try ZipArchive(functions.zip(function))
            #expect(archive.names == archive.names.sorted(), "\(function)")
            #expect(archive.names.contains("bootstrap"), "\(function)")
            #expect(!archive.names.contains { $0.hasSuffix("/") }, "\(function): no folder entries")
            for entry in archive.entries {
                #expect(entry.dateTime == [1980, 1, 1, 0, 0, 0], "\(function): \(entry.name)")
                #expect(entry.createSystem == 3 && entry.extraLength == 0, "\(function): \(entry.name)")
                let executable = entry.name == "bootstrap" || entry.name.hasPrefix("lib/ld-linux")
                #expect(entry.mode == (executable ? 0o100755 : 0o100644), "\(function): \(entry.name) \(String(entry.mode, radix: 8))")
            }
        }
    }

    @Test func aSecondRunGivesByteIdenticalZips() throws {
        let again = try PackagedFunctions.build(into: "test-dist-again")
        defer { try? FileManager.default.removeItem(at: again.folder) }
        #expect(again.built == functions.built)
        for function in functions.built {
            #expect(try sha256(again.zip(function)) == sha256(functions.zip(function)), "\(function)")
        }
    }

    /// A clean build of the same sources in another scratch folder: swiftc stamps each object with a module hash
    /// that depends on the build's paths; build.sh zeroes it and derives the build id from the content.
    /// (One function, to keep the test run short; the bundled zips take the same path through strip.)
    @Test func aCleanBuildInAnotherFolderGivesTheSameZip() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("clean-build-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let output = scratch.appendingPathComponent("dist")
        let result = try Command.run("/bin/bash", [
            PackagedFunctions.script, "--function", "greetings", "--scratch-path", scratch.appendingPathComponent("build").path,
            "--output", output.path,
        ])
        try #require(result.status == 0, "\(result.output)")
        #expect(try sha256(output.appendingPathComponent("greetings.zip")) == sha256(functions.zip("greetings")))
    }
}
