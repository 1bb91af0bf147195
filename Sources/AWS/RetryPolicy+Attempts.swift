import HTTPClient

extension RetryPolicy {
    /// Sends a request until it succeeds, fails for good, or the attempts run out, waiting as the policy says
    /// between attempts. The request is signed again before each attempt (a signature is only valid for minutes).
    /// - Parameters:
    ///   - request: The unsigned request.
    ///   - sign: Signs it in place.
    ///   - http: The transport.
    ///   - error: The service's error in a non-2xx response; retried when `isTransient` says so.
    ///   - isTransient: Whether a service error may go away.
    /// - Returns: The 2xx response.
    /// - Throws: The service's error, or `HTTPClientError`: at once when it is not transient, else the last one.
    func send<ServiceError: Error>(
        _ request: HTTPRequest, signedBy sign: (inout HTTPRequest) -> Void, over http: HTTPClient,
        error: (HTTPResponse) -> ServiceError, isTransient: (ServiceError) -> Bool
    ) async throws -> HTTPResponse {
        var request = request
        var generator = SystemRandomNumberGenerator()
        var attempt = 1
        while true {
            let failure: any Error
            do {
                sign(&request)
                let response = try await http.execute(request)
                if response.isSuccess { return response }
                let serviceError = error(response)
                guard isTransient(serviceError) else { throw serviceError }
                failure = serviceError
            } catch let transport as HTTPClientError where transport.isTransient {
                failure = transport
            }
            guard attempt < maxAttempts else { throw failure }
            try await Task.sleep(for: delay(afterFailedAttempts: attempt, using: &generator))
            attempt += 1
        }
    }
}
