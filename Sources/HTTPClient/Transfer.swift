import CCurl

/// One request/response exchange on one easy handle: sets the options, runs `curl_easy_perform`,
/// and collects what curl's callbacks deliver.
final class Transfer {
    let request: HTTPRequest
    let configuration: HTTPClient.Configuration
    /// The easy handle during ``perform(on:)``, for the address policy's callbacks.
    var currentHandle: UnsafeMutableRawPointer?
    /// What the address policy refused, if it did.
    var addressRefusal: String?
    private var headers: [(name: String, value: String)] = []
    private var body: [UInt8] = []
    private var exceededSizeCap = false
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))

    init(request: HTTPRequest, configuration: HTTPClient.Configuration) {
        self.request = request
        self.configuration = configuration
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        errorBuffer.deallocate()
    }

    func perform(on handle: EasyHandle) throws(HTTPClientError) -> HTTPResponse {
        let curl = handle.raw
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }

        let context = Unmanaged.passUnretained(self).toOpaque()
        ccurl_setopt_pointer(curl, CURLOPT_ERRORBUFFER, errorBuffer)
        // Signals and threads don't mix: without this, curl's resolver timeout uses SIGALRM.
        ccurl_setopt_long(curl, CURLOPT_NOSIGNAL, 1)
        ccurl_setopt_string(curl, CURLOPT_URL, request.url)
        // Send the path as given: curl would otherwise resolve "/a/../b", and S3 keys may contain "..".
        ccurl_setopt_long(curl, CURLOPT_PATH_AS_IS, 1)
        ccurl_setopt_string(curl, CURLOPT_PROTOCOLS_STR, "http,https")
        if let bundle = CertificateBundle.path { ccurl_setopt_string(curl, CURLOPT_CAINFO, bundle) }
        ccurl_setopt_string(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        ccurl_setopt_long(curl, CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.curlMilliseconds)
        ccurl_setopt_long(curl, CURLOPT_TIMEOUT_MS, configuration.timeout.curlMilliseconds)
        switch configuration.redirects {
        case .none:
            ccurl_setopt_long(curl, CURLOPT_FOLLOWLOCATION, 0)
        case .follow(let max):
            ccurl_setopt_long(curl, CURLOPT_FOLLOWLOCATION, 1)
            ccurl_setopt_long(curl, CURLOPT_MAXREDIRS, Swift.max(max, 0))
        }
        if let cap = configuration.maxResponseBodySize {
            ccurl_setopt_offset(curl, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(cap))
        }
        ccurl_setopt_data_callback(curl, CURLOPT_WRITEFUNCTION, Transfer.receiveBody)
        ccurl_setopt_pointer(curl, CURLOPT_WRITEDATA, context)
        ccurl_setopt_data_callback(curl, CURLOPT_HEADERFUNCTION, Transfer.receiveHeader)
        ccurl_setopt_pointer(curl, CURLOPT_HEADERDATA, context)
        currentHandle = curl
        defer { currentHandle = nil }
        installAddressPolicy(on: curl, context: context)

        let sendsBody = !request.body.isEmpty || request.method == .post || request.method == .put
        for field in request.headers {
            // "Name:" would tell curl to remove a header, "Name;" sends it empty.
            let line = field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)"
            headerList = curl_slist_append(headerList, line)
        }
        // curl would otherwise wait for "100 Continue" before large bodies, and label every body a form.
        headerList = curl_slist_append(headerList, "Expect:")
        if sendsBody && !request.headers.contains("Content-Type") {
            headerList = curl_slist_append(headerList, "Content-Type:")
        }
        ccurl_setopt_list(curl, CURLOPT_HTTPHEADER, headerList)

        // curl needs a non-null pointer even for an empty body.
        let payload = request.body.isEmpty ? [0] : request.body
        let code: CURLcode = payload.withUnsafeBytes { bytes in
            switch request.method {
            case .get where !sendsBody:
                ccurl_setopt_long(curl, CURLOPT_HTTPGET, 1)
            case .head:
                ccurl_setopt_long(curl, CURLOPT_NOBODY, 1)
            default:
                ccurl_setopt_string(curl, CURLOPT_CUSTOMREQUEST, request.method.rawValue)
                if sendsBody {
                    ccurl_setopt_offset(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))
                    // curl reads the body from this pointer during perform, which runs inside this closure.
                    ccurl_setopt_pointer(curl, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                }
            }
            return curl_easy_perform(curl)
        }
        guard code == CURLE_OK else {
            throw error(for: code)
        }
        var status = 0
        ccurl_getinfo_long(curl, CURLINFO_RESPONSE_CODE, &status)
        var effectiveURL: UnsafeMutablePointer<CChar>?
        ccurl_getinfo_string(curl, CURLINFO_EFFECTIVE_URL, &effectiveURL)
        return HTTPResponse(
            status: status,
            headers: HTTPHeaders(headers),
            body: body,
            url: effectiveURL.map { String(cString: $0) } ?? request.url
        )
    }

    private func error(for code: CURLcode) -> HTTPClientError {
        let detail = errorBuffer.pointee != 0 ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(code))
        let message = "\(detail) (curl \(code.rawValue)) for \(request.method) \(request.url)"
        if let refusal = addressRefusal {
            return HTTPClientError.addressNotAllowed.with(message: "\(refusal) is not allowed (\(request.method) \(request.url))")
        }
        switch code {
        case CURLE_WRITE_ERROR where exceededSizeCap, CURLE_FILESIZE_EXCEEDED:
            let cap = configuration.maxResponseBodySize ?? 0
            return HTTPClientError.responseTooLarge.with(message: "more than \(cap) bytes from \(request.url)")
        case CURLE_OPERATION_TIMEDOUT:
            return HTTPClientError.timedOut.with(message: message)
        case CURLE_TOO_MANY_REDIRECTS:
            return HTTPClientError.tooManyRedirects.with(message: message)
        case CURLE_UNSUPPORTED_PROTOCOL:
            return HTTPClientError.unsupportedScheme.with(message: message)
        case CURLE_URL_MALFORMAT:
            return HTTPClientError.invalidURL.with(message: message)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_SEND_ERROR, CURLE_RECV_ERROR,
             CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE:
            return HTTPClientError.connectionFailed.with(message: message)
        default:
            return HTTPClientError.transferFailed.with(message: message)
        }
    }

    private static let receiveBody: ccurl_data_callback = { data, size, count, context in
        let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
        let length = size * count
        if let cap = transfer.configuration.maxResponseBodySize, transfer.body.count + length > cap {
            transfer.exceededSizeCap = true
            return 0  // anything but `length` makes curl abort with CURLE_WRITE_ERROR
        }
        transfer.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
        return length
    }

    private static let receiveHeader: ccurl_data_callback = { data, size, count, context in
        let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
        let length = size * count
        let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            // A new status line: a redirect or an interim response came before; keep the last one's headers.
            transfer.headers.removeAll()
            transfer.body.removeAll()
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingHTTPWhitespace()
            transfer.headers.append((name: name, value: value))
        }
        return length
    }
}

extension Substring {
    fileprivate func trimmingHTTPWhitespace() -> String {
        let isWhitespace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isWhitespace($0) }), let last = lastIndex(where: { !isWhitespace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
