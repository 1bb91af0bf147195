import Foundation
import Testing
import TestSupport

/// Which keys the functions get: dummy ones unless the user passes theirs, and the banner says which.
@Suite struct CredentialsTests {
    /// This process's environment with made-up real-looking keys and no local endpoint.
    static let environment: [String: String] = {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") }
        environment["AWS_ACCESS_KEY_ID"] = "AKIAREALKEYEXAMPLE12"
        environment["AWS_SECRET_ACCESS_KEY"] = "real-secret-of-the-developer"
        return environment
    }()

    func functionEnvironment(_ extra: [String]) async throws -> [String: String] {
        let run = try await LambdaLocalTests().lambdaLocal(
            ["invoke", "info", "-t", LambdaLocalTests.template, "--code", "info=\(LambdaLocalTests.python)"] + extra,
            environment: Self.environment)
        #expect(run.status == 0, "\(run.error)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        return try #require(result["env"] as? [String: String])
    }

    @Test func functionsGetDummyKeysUnlessTheUserPassesTheirs() async throws {
        let dummy = try await functionEnvironment([])
        #expect(dummy["AWS_ACCESS_KEY_ID"] == "AKIALOCALEMULATOR000")
        #expect(dummy["AWS_SECRET_ACCESS_KEY"] == "local-emulator-secret-access-key")
        #expect(!dummy.values.contains { $0.contains("real-secret") || $0.contains("AKIAREAL") })
        let passed = try await functionEnvironment(["--pass-credentials"])
        #expect(passed["AWS_ACCESS_KEY_ID"] == "AKIAREALKEYEXAMPLE12")
        #expect(passed["AWS_SECRET_ACCESS_KEY"] == "real-secret-of-the-developer")
        #expect(passed["AWS_SESSION_TOKEN"] == nil)  // none in the shell: no made-up token beside real keys
    }

    @Test func theBannerSaysWhoseKeysTheFunctionsHold() async throws {
        let base = ["start", "--services-port", "0", "-t", LambdaLocalTests.template, "--build-dir", LambdaLocalTests.products, "--invoke-port", "0",
            "--api-port", "0"]
        let dummy = try await StartedStack.run(base, environment: Self.environment) { output, _ in output.contains("Functions: ") }
        #expect(dummy.output.contains("Credentials: dummy keys for the functions (--pass-credentials gives them yours)\n"))
        #expect(!dummy.output.contains("WARNING"))
        let local = try await StartedStack.run(base + ["--pass-credentials"], environment: Self.environment) { output, _ in
            output.contains("Functions: ")
        }
        #expect(local.output.contains("Credentials: YOUR keys (access key AKIA…LE12, from this shell) are given to the functions\n"))
        #expect(local.output.contains("AWS services: LOCAL at http://127.0.0.1:"))
        #expect(!local.output.contains("WARNING"))  // they reach the local services only
        let real = try await StartedStack.run(base + ["--pass-credentials", "--aws"], environment: Self.environment) { output, _ in
            output.contains("Functions: ")
        }
        #expect(real.output.contains("AWS services: REAL AWS (--aws)"))
        #expect(real.output.contains("WARNING: the functions reach real AWS with your keys"))
        var configured = Self.environment
        configured["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:1"
        let withS3 = try await StartedStack.run(base + ["--pass-credentials", "--no-create-buckets"], environment: configured) {
            output, _ in output.contains("Functions: ")
        }
        #expect(withS3.output.contains("Credentials: YOUR keys"))
        #expect(!withS3.output.contains("WARNING"))
    }

    @Test func aNamedProfilesKeysAreGivenWhenAsked() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("credentials-\(UUID().uuidString)")
        try """
            [default]
            aws_access_key_id = AKIADEFAULTEXAMPLE00
            aws_secret_access_key = default-secret
            # a comment
            [work]
            aws_access_key_id=AKIAWORKPROFILE00099
            aws_secret_access_key = work-secret
            aws_session_token = work-token
            """.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        var environment = Self.environment
        environment["AWS_SHARED_CREDENTIALS_FILE"] = file.path
        let run = try await LambdaLocalTests().lambdaLocal(
            ["invoke", "info", "-t", LambdaLocalTests.template, "--code", "info=\(LambdaLocalTests.python)",
                "--credentials-profile", "work"], environment: environment)
        #expect(run.status == 0, "\(run.error)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let env = try #require(result["env"] as? [String: String])
        #expect(env["AWS_ACCESS_KEY_ID"] == "AKIAWORKPROFILE00099")
        #expect(env["AWS_SECRET_ACCESS_KEY"] == "work-secret")
        #expect(env["AWS_SESSION_TOKEN"] == "work-token")
        let missing = try await LambdaLocalTests().lambdaLocal(
            ["invoke", "info", "-t", LambdaLocalTests.template, "--credentials-profile", "nope"], environment: environment)
        #expect(missing.status == 1)
        #expect(missing.error.contains("--credentials-profile nope: no aws_access_key_id and aws_secret_access_key in [nope] of \(file.path)"))
        let both = try await LambdaLocalTests().lambdaLocal(
            ["invoke", "info", "-t", LambdaLocalTests.template, "--credentials-profile", "work", "--pass-credentials"])
        #expect(both.error.contains("--pass-credentials and --credentials-profile are two sources of keys; choose one"))
        let banner = try await StartedStack.run(
            ["start", "--services-port", "0", "-t", LambdaLocalTests.template, "--invoke-port", "0", "--api-port", "0", "--credentials-profile", "work"],
            environment: environment) { output, _ in output.contains("Functions: ") }
        #expect(banner.output.contains("Credentials: YOUR keys (access key AKIA…0099, from profile work) are given to the functions\n"))
    }

    @Test func serverFlagsAreChecked() async throws {
        let bad = try await LambdaLocalTests().lambdaLocal(["start", "--services-port", "0", "-t", LambdaLocalTests.template, "--allow-host", "a b"])
        #expect(bad.status != 0)
        #expect(bad.error.contains("--allow-host takes a host name, got 'a b'"))
        let zero = try await LambdaLocalTests().lambdaLocal(["start", "--services-port", "0", "-t", LambdaLocalTests.template, "--idle-timeout", "0"])
        #expect(zero.error.contains("timeouts must be over 0 seconds"))
    }
}
