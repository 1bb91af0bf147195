#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The CA bundle libcurl verifies servers with, found where the running OS keeps it.
///
/// Debian's libcurl is built to read `/etc/ssl/certs/ca-certificates.crt`, which Amazon Linux (Lambda's OS)
/// does not have; it keeps `/etc/pki/tls/certs/ca-bundle.crt`. A zip built on Debian would fail every HTTPS call
/// on Lambda (curl error 77) without this.
enum CertificateBundle {
    /// `SSL_CERT_FILE` if set, else the first bundle that exists; nil leaves libcurl's built-in default.
    static let path: String? = {
        if let configured = getenv("SSL_CERT_FILE").map({ String(cString: $0) }), !configured.isEmpty {
            return configured
        }
        let candidates = [
            "/etc/ssl/certs/ca-certificates.crt",  // Debian, Ubuntu
            "/etc/pki/tls/certs/ca-bundle.crt",  // Amazon Linux, Fedora, RHEL
            "/etc/ssl/certs/ca-bundle.crt",
            "/etc/ssl/cert.pem",
        ]
        return candidates.first { access($0, R_OK) == 0 }
    }()
}
