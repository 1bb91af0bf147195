/// The vocabulary of `InstanceMachine`: what happens to a function's instances (events), what the driver must do
/// about it (actions), and the facts the driver turns into log text and HTTP answers.
extension InstanceMachine {
    /// An execution environment: one `bootstrap` process with its own Runtime API, numbered from 1.
    typealias InstanceID = Int
    /// An invocation's request id; the driver keeps the invocation itself.
    typealias RequestID = String
    typealias Instant = ContinuousClock.Instant

    /// The limits the machine decides by.
    struct Settings: Sendable {
        /// Most instances at once; further invocations wait in line.
        var maxConcurrency: Int
        /// The function's timeout (whole seconds, as templates give it).
        var timeoutSeconds: Int
        /// Longest init (start to first `GET next`).
        var initTimeout: Duration
        /// Invocations one process serves at once (`AWS_LAMBDA_MAX_CONCURRENCY`); 1 is Lambda's classic model.
        var perProcessConcurrency = 1
    }

    /// What a runtime posted to `/response`, without its bytes.
    enum RuntimeReply: Equatable, Sendable {
        /// A buffered or streamed body of `length` bytes.
        case body(length: Int, streaming: Bool)
        /// A streamed response whose trailers carry an error of this type.
        case streamFailed(type: String)
    }

    /// Something that happened to the function's instances or invocations.
    enum Event: Equatable, Sendable {
        /// An invocation arrived; `build` is the bootstrap file as it is now.
        case submitted(RequestID, build: CodeStamp?, at: Instant)
        /// The instance's process and Runtime API are up.
        case started(InstanceID)
        /// The instance could not be started (no Runtime API port, no bootstrap).
        case startFailed(InstanceID, type: String, message: String, at: Instant)
        /// The runtime called `GET next`.
        case nextRequested(InstanceID, at: Instant)
        /// The runtime posted `/response` for an invocation.
        case responded(InstanceID, RequestID, RuntimeReply, at: Instant)
        /// The runtime posted `/error` for an invocation.
        case errorPosted(InstanceID, RequestID, at: Instant)
        /// The runtime posted `/response` or `/error` echoing an invocation id that names no running invocation
        /// (one that timed out, or already has its result).
        case stalePost(InstanceID, RequestID, at: Instant)
        /// The runtime posted `/init/error`; `type` is the error type its body or header names.
        case initErrorPosted(InstanceID, type: String)
        /// A timer armed by an earlier action fired.
        case timerFired(InstanceID, Timer, at: Instant)
        /// The process ended.
        case exited(InstanceID, ProcessTermination, at: Instant)
        /// The emulator stops: everything queued or running fails, every instance stops.
        case shutdown
    }

    /// The timers an instance can have armed, at most one of each.
    enum Timer: Hashable, Sendable {
        /// Init must reach `GET next` within `Settings.initTimeout`.
        case initTimeout
        /// The running invocation's timeout.
        case invocationTimeout(RequestID)
        /// A runtime that reported an init error must exit; after this grace it is killed.
        case killAfterInitError
    }

    /// Why `GET next` gets no invocation.
    enum NextRefusal: Equatable, Sendable {
        /// The call breaks the protocol (403 InvalidStateTransition).
        case forbidden(String)
        /// The instance is retired or the emulator is stopping.
        case gone
    }

    /// The answer to a post on the Runtime API.
    enum PostOutcome: Equatable, Sendable {
        case accepted
        case unknownRequest(String)
        case wrongState(String)
        case tooLarge
        /// 410: the post names an invocation that is over.
        case gone(String)
    }

    /// How an invocation ends; the driver builds the result from it (and from bytes it holds).
    enum Outcome: Equatable, Sendable {
        /// The runtime's `/response` body is the result.
        case response
        /// A stream failed midway; its trailers carry the error of this type.
        case streamFailed(type: String)
        /// The runtime's `/error` body is the result.
        case runtimeError
        /// The `/init/error` body this instance posted is the result; `type` is its error type.
        case initError(InstanceID, type: String)
        /// Lambda's error JSON with this type and message.
        case failed(type: String, message: String)
    }

    /// The facts of a REPORT line; the driver adds memory figures and renders the text.
    struct ReportFacts: Equatable, Sendable {
        var requestID: RequestID
        var duration: Duration
        var initDuration: Duration?
        var status: String?
        var errorType: String?
    }

    /// A log line the platform (not the function) writes.
    enum PlatformLine: Equatable, Sendable {
        case initStart
        case initReport(duration: Duration, status: String, errorType: String?)
        case start(RequestID)
        case end(RequestID)
        case report(ReportFacts)
        case timedOut(RequestID, seconds: Int)
        /// A line of Lambda's wording, such as `RequestId: … Error: Runtime exited with error: exit status 1`.
        case text(String)
    }

    /// What the driver must do, in order.
    enum Action: Equatable, Sendable {
        /// Start an instance's Runtime API and process; report `.started` or `.startFailed`.
        case start(InstanceID)
        /// Hand an invocation to the instance's `GET next` (parked or current).
        case deliver(InstanceID, RequestID)
        /// Keep the instance's `GET next` waiting.
        case park(InstanceID)
        /// Answer the instance's `GET next` with a refusal.
        case refuseNext(InstanceID, NextRefusal)
        /// Answer the post being handled.
        case answerPost(InstanceID, PostOutcome)
        /// Arm a timer; when it fires, send `.timerFired`.
        case arm(InstanceID, Timer, after: Duration)
        /// Cancel a timer.
        case disarm(InstanceID, Timer)
        /// End an invocation.
        case finish(RequestID, Outcome)
        /// Write a platform line to the log (and to the invocation's log when it names one).
        case platformLine(InstanceID, RequestID?, PlatformLine)
        /// Move the output the instance wrote during init into this invocation's log.
        case attachInitLog(InstanceID, RequestID)
        /// Kill the instance's process (it stays known until it exits).
        case kill(InstanceID)
        /// Forget the instance: cancel its timers, kill its process, wake its `GET next` with `.gone`, close its
        /// Runtime API.
        case stop(InstanceID)
    }

    /// Where a line of the instance's output belongs.
    enum LineOwner: Equatable, Sendable {
        case invocation(RequestID)
        /// Before the first invocation's end: kept for the first invocation's log.
        case initLog
        /// Between invocations, or from an instance already gone.
        case nobody
    }
}
