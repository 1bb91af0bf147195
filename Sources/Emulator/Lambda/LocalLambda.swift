import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// The local Lambda service: runs functions' `bootstrap` processes and invokes them as Lambda does.
///
/// Transport-free: the Invoke API server, the API Gateway front, the CLI and a scheduler all call `invoke`.
public final class LocalLambda: Sendable {
    /// The synchronous Invoke payload limit (6 MB).
    public static let requestLimit = 6_291_456
    /// The asynchronous (`Event`) Invoke payload limit (1 MB).
    public static let eventRequestLimit = 1_048_576

    /// The functions, in template order.
    public let functions: [LocalFunction]
    /// The settings in force.
    public let configuration: EmulatorConfiguration
    private let pools: [String: FunctionPool]
    private let background = Mutex<[UUID: Task<Void, Never>]>([:])

    /// Creates the service; no process starts before the first invocation.
    /// - Parameters:
    ///   - functions: The functions to serve (names must be unique).
    ///   - configuration: Region, concurrency, credentials, log sink.
    ///   - group: The event loops for the Runtime API servers.
    public init(
        functions: [LocalFunction], configuration: EmulatorConfiguration = .init(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.functions = functions
        self.configuration = configuration
        var pools: [String: FunctionPool] = [:]
        for function in functions {
            pools[function.name] = FunctionPool(
                function: function, configuration: configuration, group: group,
                runtimeAPI: { request, pool, instance, loop in
                    RuntimeAPI.respond(to: request, pool: pool, instance: instance, on: loop)
                },
                runtimeAPIObserver: { head, pool, instance in RuntimeAPI.streamSink(for: head, pool: pool, instance: instance) })
        }
        self.pools = pools
    }

    /// Resolves a function identifier as the Invoke API accepts it: `name`, `name:qualifier`, a full ARN
    /// `arn:aws:lambda:region:account:function:name[:qualifier]` or a partial one `account:function:name`.
    /// - Parameters:
    ///   - identifier: The identifier.
    ///   - qualifier: A `Qualifier` query parameter, if any.
    /// - Returns: The function and the qualifier in force.
    /// - Throws: `EmulatorError.functionNotFound` with the ARN Lambda would print.
    public func resolve(_ identifier: String, qualifier: String? = nil) throws(EmulatorError) -> (LocalFunction, String?) {
        let parts = identifier.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var name = identifier
        var named: String?
        var region = configuration.region
        var account = configuration.accountID
        if parts.count >= 7, parts[0] == "arn", parts[5] == "function" {
            (region, account) = (parts[3], parts[4])
            name = parts[6]
            named = parts.count > 7 ? parts[7] : nil
        } else if parts.count >= 3, parts[1] == "function" {
            account = parts[0]
            name = parts[2]
            named = parts.count > 3 ? parts[3] : nil
        } else if parts.count == 2 {
            name = parts[0]
            named = parts[1]
        }
        let effective = qualifier ?? named
        let arnBase = "arn:aws:lambda:\(region):\(account):function:\(name)"
        // Another account's or region's function is not this emulator's, whatever its name.
        let isOurs = region == configuration.region && account == configuration.accountID
        guard isOurs, let pool = pools[name], effective == nil || effective == "$LATEST" else {
            throw .functionNotFound(identifier, arn: arnBase + (effective.map { ":" + $0 } ?? ""))
        }
        return (pool.function, effective)
    }

    /// Invokes a function synchronously (`RequestResponse`) and waits for the result.
    /// - Parameters:
    ///   - function: A name, ARN or `name:qualifier`.
    ///   - request: Payload and context.
    /// - Returns: The result; function errors are results with `functionError` set, not thrown.
    /// - Throws: `EmulatorError` for an unknown function, a payload over 6 MB or not JSON.
    public func invoke(_ function: String, request: InvocationRequest) async throws(EmulatorError) -> InvocationResult {
        let (pool, invocation) = try prepare(function, request: request, limit: Self.requestLimit)
        return await pool.invoke(invocation)
    }

    /// Starts a synchronous invocation; its result arrives through `Invocation.whenFinished`.
    func submit(_ function: String, request: InvocationRequest) throws(EmulatorError) -> Invocation {
        let (pool, invocation) = try prepare(function, request: request, limit: Self.requestLimit)
        pool.submit(invocation)
        return invocation
    }

    /// Invokes a function asynchronously (`Event`): validates, then runs it in the background.
    /// - Parameters:
    ///   - function: A name, ARN or `name:qualifier`.
    ///   - payload: The event bytes (JSON).
    ///   - completion: Called with the result when the invocation ends (for schedulers and tests).
    /// - Returns: The request id.
    /// - Throws: `EmulatorError` for an unknown function, a payload over 1 MB or not JSON.
    @discardableResult
    public func invokeEvent(
        _ function: String, payload: [UInt8], completion: (@Sendable (InvocationResult) -> Void)? = nil
    ) throws(EmulatorError) -> String {
        let (pool, invocation) = try prepare(
            function, request: InvocationRequest(payload: payload), limit: Self.eventRequestLimit)
        let key = UUID()
        background.withLock { tasks in
            // Created under the lock, so the task's own removal cannot come before its insertion.
            tasks[key] = Task { [self] in
                let result = await pool.invoke(invocation)
                completion?(result)
                _ = self.background.withLock { $0.removeValue(forKey: key) }
            }
        }
        return invocation.requestID
    }

    /// Checks a function and payload without invoking (`DryRun`).
    /// - Parameters:
    ///   - function: A name, ARN or `name:qualifier`.
    ///   - payload: The event bytes.
    /// - Throws: `EmulatorError` as `invoke` does.
    public func dryRun(_ function: String, payload: [UInt8]) throws(EmulatorError) {
        _ = try prepare(function, request: InvocationRequest(payload: payload), limit: Self.requestLimit)
    }

    /// How many `bootstrap` processes a function has started so far (cold starts).
    /// - Parameter function: The function name.
    /// - Returns: The count, 0 for an unknown function.
    public func instancesStarted(_ function: String) -> Int { pools[function]?.instancesStarted ?? 0 }

    /// Waits for background (`Event`) invocations, then stops every function process and Runtime API server.
    public func shutdown() async {
        for pool in pools.values { await pool.shutdown() }
        let tasks = background.withLock { Array($0.values) }
        for task in tasks { await task.value }
    }

    private func prepare(_ function: String, request: InvocationRequest, limit: Int) throws(EmulatorError)
        -> (FunctionPool, Invocation)
    {
        let (local, qualifier) = try resolve(function, qualifier: request.qualifier)
        guard request.payload.count <= limit else { throw .payloadTooLarge(limit: limit) }
        var request = request
        if request.payload.isEmpty {
            request.payload = Array("{}".utf8)
        } else {
            do {
                _ = try JSONSerialization.jsonObject(with: Data(request.payload), options: [.fragmentsAllowed])
            } catch {
                throw .invalidPayload(reason: Self.describe(error))
            }
        }
        let pool = pools[local.name]!
        let arn = pool.arn + (qualifier.map { ":" + $0 } ?? "")
        return (pool, Invocation(request: request, invokedARN: arn))
    }

    private static func describe(_ error: any Error) -> String {
        let debug = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
        return debug ?? "\(error)"
    }
}
