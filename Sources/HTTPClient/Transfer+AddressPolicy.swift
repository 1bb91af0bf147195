#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CCurl

/// The address policy's hooks into curl: the open-socket callback judges every address before
/// `connect` (so a refused address never sees a packet), and the pre-request callback judges every
/// request, a reused connection's or a redirect's too (user information, the address once more).
extension Transfer {
    func installAddressPolicy(on curl: UnsafeMutableRawPointer, context: UnsafeMutableRawPointer) {
        guard configuration.addressPolicy.restricts else { return }
        // A proxy would connect on our behalf, out of the callbacks' sight.
        ccurl_setopt_string(curl, CURLOPT_PROXY, "")
        ccurl_setopt_opensocket(curl, Transfer.openSocket)
        ccurl_setopt_pointer(curl, CURLOPT_OPENSOCKETDATA, context)
        ccurl_setopt_prereq(curl, Transfer.beforeRequest)
        ccurl_setopt_pointer(curl, CURLOPT_PREREQDATA, context)
    }

    /// The URL being fetched now (after redirects so far), as curl's parser reads it.
    private func currentURL() -> CurlURL {
        var effective: UnsafeMutablePointer<CChar>?
        if let handle = currentHandle {
            ccurl_getinfo_string(handle, CURLINFO_EFFECTIVE_URL, &effective)
        }
        return CurlURL(effective.map { String(cString: $0) } ?? request.url)
    }

    private static let openSocket: ccurl_opensocket_callback = { context, _, address in
        let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
        guard let address else { return CURL_SOCKET_BAD }
        var raw = [UInt8](repeating: 0, count: 16)
        let length = Int(ccurl_sockaddr_ip(address, &raw))
        guard length > 0, let ip = IPAddress(bytes: Array(raw[0..<length])) else {
            transfer.addressRefusal = "a connection of address family \(address.pointee.family)"
            return CURL_SOCKET_BAD
        }
        guard transfer.configuration.addressPolicy.allows(ip, host: transfer.currentURL().host) else {
            transfer.addressRefusal = "a connection to \(ip)"
            return CURL_SOCKET_BAD
        }
        return socket(address.pointee.family, address.pointee.socktype, address.pointee.protocol)
    }

    private static let beforeRequest: ccurl_prereq_callback = { context, primaryIP, _, _, _ in
        let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
        let url = transfer.currentURL()
        if url.hasUserInfo {
            transfer.addressRefusal = "a URL with user information"
            return CURL_PREREQFUNC_ABORT
        }
        let text = primaryIP.map { String(cString: $0) } ?? ""
        let bare = String(text.prefix { $0 != "%" })  // an IPv6 zone (fe80::1%eth0)
        guard let ip = IPAddress(bare), transfer.configuration.addressPolicy.allows(ip, host: url.host) else {
            transfer.addressRefusal = "a request to \(text)"
            return CURL_PREREQFUNC_ABORT
        }
        return CURL_PREREQFUNC_OK
    }
}
