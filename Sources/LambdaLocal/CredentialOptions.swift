import ArgumentParser
import Foundation
import LambdaEmulator

/// Which AWS credentials the functions get: dummy ones unless the user asks for their own.
struct CredentialOptions: ParsableArguments {
    @Flag(help: "Give the functions this shell's AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN (default: dummy keys, which local services such as moto accept and AWS refuses).")
    var passCredentials = false

    /// The credentials for `EmulatorConfiguration.credentials`.
    func credentials(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        passCredentials ? EmulatorConfiguration.hostCredentials(environment) : EmulatorConfiguration.dummyCredentials
    }

    /// What the banner says about them; a loud warning when real keys would reach AWS for S3.
    func bannerLines(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        guard passCredentials else {
            return ["Credentials: dummy keys for the functions (--pass-credentials gives them yours)"]
        }
        guard let key = environment["AWS_ACCESS_KEY_ID"], !key.isEmpty else {
            return ["Credentials: --pass-credentials, but this shell has no AWS_ACCESS_KEY_ID; the functions get dummy keys"]
        }
        let shown = key.count > 8 ? "\(key.prefix(4))…\(key.suffix(4))" : "…"
        var lines = ["Credentials: YOUR keys (access key \(shown), from this shell) are given to the functions"]
        let local = environment["AWS_ENDPOINT_URL_S3"] ?? environment["AWS_ENDPOINT_URL"]
        if local == nil || local!.isEmpty {
            lines.append(
                "WARNING: no local S3 is set (AWS_ENDPOINT_URL_S3): the functions reach real AWS with your keys and your rights")
        }
        return lines
    }
}
