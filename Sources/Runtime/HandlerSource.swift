import FoundationEssentials

/// What the loop calls for an invocation: a handler that returns the body, or one that streams it.
enum LoopHandler {
    case buffered(any LambdaByteHandler)
    case streaming(any StreamingByteHandler)
}

/// How the runtime makes its handler, and whether concurrent invocation slots may share one instance.
///
/// `shared` is chosen only by the `LambdaRuntime.run` overloads whose handler is `Sendable` (or a `@Sendable`
/// closure): the compiler has checked that sharing is safe. Every other handler is made once per slot.
struct HandlerSource: Sendable {
    let make: @Sendable () async throws -> LoopHandler
    let isShared: Bool

    static func shared(_ make: @escaping @Sendable () async throws -> LoopHandler) -> Self {
        .init(make: make, isShared: true)
    }

    static func perSlot(_ make: @escaping @Sendable () async throws -> LoopHandler) -> Self {
        .init(make: make, isShared: false)
    }
}

/// Carries a value the compiler cannot prove `Sendable` to another task when the runtime knows it is safe: a
/// handler the `run` overloads required to be `Sendable`, or a slot's loop handed to the one task that owns it.
struct UncheckedSendableBox<Value>: @unchecked Sendable {
    let value: Value
}

extension LambdaLoop {
    /// A loop for either kind of handler.
    init(
        api: any RuntimeAPI, handler: LoopHandler, logConfiguration: LogConfiguration,
        shouldStop: @escaping () -> Bool, mayStart: @escaping () -> Bool, setsTraceEnvironment: Bool = true
    ) {
        switch handler {
        case .buffered(let buffered):
            self.init(api: api, handler: buffered, logConfiguration: logConfiguration)
        case .streaming(let streaming):
            self.init(api: api, handler: NoBufferedHandler(), logConfiguration: logConfiguration)
            streamingHandler = streaming
        }
        self.shouldStop = shouldStop
        self.mayStart = mayStart
        self.setsTraceEnvironment = setsTraceEnvironment
    }
}

/// The buffered handler of a streaming loop: never called (the loop takes the streaming path first).
private struct NoBufferedHandler: LambdaByteHandler {
    func handle(_ event: Data, context: LambdaContext) async throws -> Data { Data() }
}
