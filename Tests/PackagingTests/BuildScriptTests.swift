import Foundation
import Testing
import TestSupport

/// build.sh's options and its errors: each bad input gets one clear line and exit status 1, before any build.
@Suite struct BuildScriptTests {
    func buildScript(_ arguments: [String], environment: [String: String]? = nil, script: String = PackagedFunctions.script) throws -> Command.Result {
        try Command.run("/bin/bash", [script] + arguments, environment: environment)
    }

    @Test func helpDescribesBuildAndDeploy() throws {
        let help = try buildScript(["--help"])
        #expect(help.status == 0)
        for option in ["--function NAME", "--output DIR", "--install-deps", "deploy --bucket BUCKET", "--prefix PREFIX", "--stack-name NAME", "--region REGION"] {
            #expect(help.standardOutput.contains(option), "\(option)")
        }
    }

    @Test(arguments: [
        (["--function", "nope"], "build.sh: error: unknown function 'nope' (template.json declares: greetings streamingGreetings whatIsMyIp faceDetection purgeBucketByPrefix apiProxy)\n"),
        (["--frobnicate"], "build.sh: error: unknown option '--frobnicate' (see --help)\n"),
        (["--output"], "build.sh: error: --output needs a value (see --help)\n"),
        (["--function"], "build.sh: error: --function needs a value (see --help)\n"),
        (["--bucket", "b"], "build.sh: error: unknown option '--bucket' for build (see --help)\n"),
        (["deploy", "--function", "greetings"], "build.sh: error: unknown option '--function' for deploy (see --help)\n"),
        (["deploy", "--install-deps"], "build.sh: error: --install-deps is a build option\n"),
        (["deploy", "--bucket", "b", "--parameter", "NoEquals"], "build.sh: error: --parameter takes KEY=VALUE, not 'NoEquals'\n"),
    ])
    func badArgumentsAreRefusedClearly(arguments: [String], message: String) throws {
        let result = try buildScript(arguments)
        #expect(result.status == 1)
        #expect(result.standardError == message)
    }

    @Test func aMissingSwiftToolchainIsNamed() throws {
        // Only the system folders on PATH: python3 is there, swift is not.
        let result = try buildScript(["--function", "greetings"], environment: ["PATH": "/usr/bin:/bin", "HOME": NSHomeDirectory()])
        #expect(result.status == 1)
        #expect(result.standardError.hasPrefix("build.sh: error: no Swift toolchain: 'swift' is not on PATH"), "\(result.output)")
    }

    @Test func missingDebianPackagesAreNamedWithTheInstallCommand() throws {
        // A dpkg-query that knows no package stands in for a machine without them.
        let bin = FileManager.default.temporaryDirectory.appendingPathComponent("fake-dpkg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: bin) }
        let fake = bin.appendingPathComponent("dpkg-query")
        try "#!/bin/sh\nexit 1\n".write(to: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = bin.path + ":" + (environment["PATH"] ?? "")
        let result = try buildScript(["--function", "greetings"], environment: environment)
        #expect(result.status == 1)
        #expect(result.standardError.contains(
            "build.sh: error: missing Debian packages: binutils patchelf python3 (run ./build.sh --install-deps, or apt-get install binutils patchelf python3)"),
            "\(result.output)")
    }

    /// A copy of build.sh, its helpers and the manifest in a temporary folder, with `template` as template.json.
    func scriptCopy(template: String, manifest: String? = nil) throws -> URL {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("build-copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: copy.appendingPathComponent("scripts"), withIntermediateDirectories: true)
        for path in ["build.sh", "Package.swift", "scripts/packaging"] {
            try FileManager.default.copyItem(at: Repository.root.appendingPathComponent(path), to: copy.appendingPathComponent(path))
        }
        try template.write(to: copy.appendingPathComponent("template.json"), atomically: true, encoding: .utf8)
        if let manifest {
            try manifest.write(to: copy.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        }
        return copy
    }

    @Test func anUnreadableTemplateOrManifestStopsTheBuild() throws {
        let badTemplate = try scriptCopy(template: "{ not json")
        defer { try? FileManager.default.removeItem(at: badTemplate) }
        let template = try buildScript([], script: badTemplate.appendingPathComponent("build.sh").path)
        #expect(template.status == 1)
        #expect(template.standardError.hasSuffix("build.sh: error: cannot read the functions of template.json\n"), "\(template.output)")

        let ghost = #"{"Resources": {"Ghost": {"Type": "AWS::Lambda::Function", "Metadata": {"SwiftLambda": {"Product": "ghost"}}}}}"#
        let badManifest = try scriptCopy(template: ghost, manifest: "// swift-tools-version:6.1\nimport PackageDescription\nlet package = Package(\n")
        defer { try? FileManager.default.removeItem(at: badManifest) }
        let manifest = try buildScript([], script: badManifest.appendingPathComponent("build.sh").path)
        #expect(manifest.status == 1)
        #expect(manifest.standardError.hasSuffix("build.sh: error: swift package dump-package failed: Package.swift does not load\n"), "\(manifest.output)")
        #expect(!manifest.standardError.contains("skipping"), "\(manifest.output)")
    }

    /// A function template.json declares but whose product has not landed: skipped when building everything,
    /// an error when asked for by name. Run on a copy of the script with a template naming such a function.
    @Test func declaredFunctionsWithoutAProductAreSkippedOrRefused() throws {
        let template = #"{"Resources": {"Ghost": {"Type": "AWS::Lambda::Function", "Metadata": {"SwiftLambda": {"Product": "ghost"}}}}}"#
        let copy = try scriptCopy(template: template)
        defer { try? FileManager.default.removeItem(at: copy) }
        let script = copy.appendingPathComponent("build.sh").path
        let named = try buildScript(["--function", "ghost"], script: script)
        #expect(named.status == 1)
        #expect(named.standardError == "build.sh: error: ghost is declared in template.json but Package.swift has no executable product 'ghost' yet\n", "\(named.output)")
        let all = try buildScript([], script: script)
        #expect(all.status == 1)
        #expect(all.standardError == "==> skipping ghost: Package.swift has no executable product 'ghost' yet\nbuild.sh: error: nothing to build\n", "\(all.output)")
    }
}
