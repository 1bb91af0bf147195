import Foundation
import Synchronization

/// One invocation in flight: the request, its log so far, and a result that is set exactly once.
final class Invocation: Sendable {
    let requestID: String
    /// This delivery's id, sent as `Lambda-Runtime-Invocation-Id` on `GET next`; a runtime echoes it on its posts,
    /// and a post naming an invocation that is over is answered 410.
    let invocationID: String
    let request: InvocationRequest
    let invokedARN: String
    let traceID: String

    private struct State {
        var result: InvocationResult?
        var waiter: CheckedContinuation<InvocationResult, Never>?
        var callbacks: [@Sendable (InvocationResult) -> Void] = []
        var logLines: [String] = []
        /// Streamed response bytes that arrived before anyone listened.
        var pendingChunks: [[UInt8]] = []
        var chunkListener: (@Sendable ([UInt8]) -> Void)?
        var streamedLive = false
    }

    private let state = Mutex(State())

    init(request: InvocationRequest, invokedARN: String) {
        self.requestID = UUID().uuidString.lowercased()
        self.invocationID = UUID().uuidString.lowercased()
        self.request = request
        self.invokedARN = invokedARN
        self.traceID = request.traceID ?? Self.makeTraceID()
    }

    func appendLog(_ lines: [String]) {
        state.withLock { $0.logLines.append(contentsOf: lines) }
    }

    var logLines: [String] { state.withLock { $0.logLines } }

    /// Sets the result (with the log so far) and wakes the waiter; later calls are ignored.
    /// - Returns: Whether this call set the result.
    @discardableResult
    func finish(
        payload: [UInt8], contentType: String? = nil, errorType: String? = nil,
        httpIntegrationResponse: InvocationResult.HTTPIntegrationResponse? = nil
    ) -> Bool {
        let outcome:
            (waiter: CheckedContinuation<InvocationResult, Never>?, callbacks: [@Sendable (InvocationResult) -> Void],
                result: InvocationResult)? = state.withLock { state in
                if state.result != nil { return nil }
                let result = InvocationResult(
                    requestID: requestID, payload: payload, contentType: contentType,
                    functionError: errorType == nil ? nil : "Unhandled", errorType: errorType,
                    logLines: state.logLines, executedVersion: "$LATEST",
                    httpIntegrationResponse: httpIntegrationResponse)
                state.result = result
                defer {
                    state.waiter = nil
                    state.callbacks = []
                }
                return (state.waiter, state.callbacks, result)
            }
        guard let outcome else { return false }
        outcome.waiter?.resume(returning: outcome.result)
        for callback in outcome.callbacks { callback(outcome.result) }
        return true
    }

    /// A part of a streamed response, as the runtime sent it: given to the listener now, or kept until one listens.
    func streamed(_ bytes: [UInt8]) {
        let listener: (@Sendable ([UInt8]) -> Void)? = state.withLock { state in
            state.streamedLive = true
            if state.chunkListener == nil { state.pendingChunks.append(bytes) }
            return state.chunkListener
        }
        listener?(bytes)
    }

    /// Listens to the streamed response's parts as they arrive (those that came before first, in order). Parts are
    /// handed over from the Runtime API's event loop, one at a time; call before the result is awaited.
    func onStreamedChunk(_ listener: @escaping @Sendable ([UInt8]) -> Void) {
        let pending = state.withLock { state in
            state.chunkListener = listener
            defer { state.pendingChunks = [] }
            return state.pendingChunks
        }
        for bytes in pending { listener(bytes) }
    }

    /// Whether any part of the response was streamed as it arrived (the result's payload then repeats it).
    var wasStreamedLive: Bool { state.withLock { $0.streamedLive } }

    /// Finishes with Lambda's error JSON `{"errorType":…,"errorMessage":…}`.
    func fail(type: String, message: String) {
        finish(payload: Self.errorJSON(type: type, message: message), contentType: "application/json", errorType: type)
    }

    /// Calls `callback` with the result, at once if it is already there (lets servers answer without a task).
    func whenFinished(_ callback: @escaping @Sendable (InvocationResult) -> Void) {
        let ready: InvocationResult? = state.withLock { state in
            if let result = state.result { return result }
            state.callbacks.append(callback)
            return nil
        }
        if let ready { callback(ready) }
    }

    /// Waits for the result.
    func result() async -> InvocationResult {
        await withCheckedContinuation { continuation in
            let ready: InvocationResult? = state.withLock { state in
                if let result = state.result { return result }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    static func errorJSON(type: String, message: String) -> [UInt8] {
        let object = ["errorType": type, "errorMessage": message]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return Array(data)
    }

    /// An X-Ray trace header like Lambda's: `Root=1-<epoch hex>-<96 bits>;Parent=<64 bits>;Sampled=0`.
    static func makeTraceID() -> String {
        let epoch = String(UInt32(Date().timeIntervalSince1970), radix: 16)
        return "Root=1-\(epoch)-\(randomHex(24));Parent=\(randomHex(16));Sampled=0"
    }

    static func randomHex(_ digits: Int) -> String {
        String((0..<digits).map { _ in "0123456789abcdef".randomElement()! })
    }
}
