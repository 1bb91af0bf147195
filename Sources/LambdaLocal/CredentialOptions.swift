import ArgumentParser
import Foundation
import LambdaEmulator

/// Which AWS credentials the functions get: dummy ones unless the user asks for real ones (this shell's, or a
/// named profile's).
struct CredentialOptions: ParsableArguments {
    @Flag(help: "Give the functions this shell's AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN (default: dummy keys, which local services such as moto accept and AWS refuses).")
    var passCredentials = false

    @Option(name: .customLong("credentials-profile"), help: ArgumentHelp(
        "Give the functions the keys of this profile of the shared credentials file (AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials).",
        valueName: "name"))
    var profile: String?

    func validate() throws {
        if passCredentials && profile != nil {
            throw ValidationError("--pass-credentials and --credentials-profile are two sources of keys; choose one")
        }
    }

    /// The credentials for `EmulatorConfiguration.credentials`.
    /// - Throws: `CommandError` when the profile or its keys are missing.
    func credentials(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [String: String] {
        if let profile { return try SharedCredentialsFile.keys(of: profile, environment: environment) }
        return passCredentials ? EmulatorConfiguration.hostCredentials(environment) : EmulatorConfiguration.dummyCredentials
    }

    /// What the banner says about them; a loud warning when real keys would reach AWS for S3.
    func bannerLines(
        environment: [String: String] = ProcessInfo.processInfo.environment, reachesAWS: Bool? = nil
    ) -> [String] {
        let key: String?
        let source: String
        if let profile {
            key = (try? SharedCredentialsFile.keys(of: profile, environment: environment))?["AWS_ACCESS_KEY_ID"]
            source = "profile \(profile)"
        } else if passCredentials {
            key = environment["AWS_ACCESS_KEY_ID"]
            source = "this shell"
        } else {
            return ["Credentials: dummy keys for the functions (--pass-credentials gives them yours)"]
        }
        guard let key, !key.isEmpty else {
            return ["Credentials: --pass-credentials, but this shell has no AWS_ACCESS_KEY_ID; the functions get dummy keys"]
        }
        let shown = key.count > 8 ? "\(key.prefix(4))…\(key.suffix(4))" : "…"
        var lines = ["Credentials: YOUR keys (access key \(shown), from \(source)) are given to the functions"]
        if reachesAWS ?? (ServicesEndpoint.configuredEndpoint(in: environment) == nil) {
            lines.append(
                "WARNING: the functions reach real AWS with your keys and your rights")
        }
        return lines
    }
}

/// The keys of one profile of the AWS shared credentials file (an INI file of `[profile]` sections).
enum SharedCredentialsFile {
    /// - Throws: `CommandError` when the file, the profile or its two keys are missing.
    static func keys(of profile: String, environment: [String: String]) throws -> [String: String] {
        let path = environment["AWS_SHARED_CREDENTIALS_FILE"]
            ?? (environment["HOME"].map { $0 + "/.aws/credentials" } ?? "~/.aws/credentials")
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CommandError("--credentials-profile \(profile): cannot read the credentials file \(path)")
        }
        var section: String?
        var values: [String: String] = [:]
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") || line.hasPrefix(";") || line.isEmpty { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                section = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                continue
            }
            guard section == profile, let equals = line.firstIndex(of: "=") else { continue }
            values[line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()] =
                line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        guard let key = values["aws_access_key_id"], let secret = values["aws_secret_access_key"] else {
            throw CommandError("--credentials-profile \(profile): no aws_access_key_id and aws_secret_access_key in [\(profile)] of \(path)")
        }
        var keys = ["AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret]
        keys["AWS_SESSION_TOKEN"] = values["aws_session_token"]
        return keys
    }
}
