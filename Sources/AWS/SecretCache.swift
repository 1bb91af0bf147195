import FoundationEssentials
import Synchronization

/// Secrets and parameters kept in memory for a while, so a function fetches them once per container and
/// period instead of on every invocation.
///
/// ```swift
/// let secrets = try SecretCache(environment: ProcessInfo.processInfo.environment)   // fetches nothing yet
/// let key = try await secrets.value(for: .secret("prod/upstream", jsonKey: "apiKey"))
/// ```
///
/// - Lazy: nothing is fetched until a value is first asked for.
/// - A value is served from memory until ``Policy/refreshAfter``; the next read after that fetches it again and
///   waits for the answer, so a rotated secret is picked up then, and not before.
/// - If that refresh fails, the last value keeps being served (and ``onStaleValue`` is told why) until
///   ``Policy/expireAfter`` since the last successful fetch; a failed refresh is retried at most every
///   ``Policy/retryFailedRefreshAfter``. Past the expiry, reads fail with ``SecretsError/expired``.
/// - Concurrent readers of a value being fetched share one request.
/// - Nothing is logged; errors and descriptions name secrets, never their values.
///
/// A secret's whole value is cached once, however many of its JSON keys are read. Safe to share between tasks.
public final class SecretCache: Sendable {
    /// How long values live.
    public struct Policy: Sendable, Equatable {
        /// A value older than this is fetched again on its next read.
        public var refreshAfter: Duration
        /// A value older than this (since its last successful fetch) is never served.
        public var expireAfter: Duration
        /// After a failed refresh, the stale value is served without asking again for this long.
        public var retryFailedRefreshAfter: Duration

        /// Creates a policy.
        /// - Parameters:
        ///   - refreshAfter: The time to live, 5 minutes by default.
        ///   - expireAfter: The hard limit, 3 × `refreshAfter` by default; never less than `refreshAfter`.
        ///   - retryFailedRefreshAfter: The pause after a failed refresh, 10 s (or `refreshAfter`, if shorter) by default.
        public init(refreshAfter: Duration = .seconds(300), expireAfter: Duration? = nil, retryFailedRefreshAfter: Duration? = nil) {
            self.refreshAfter = refreshAfter
            self.expireAfter = max(expireAfter ?? refreshAfter * 3, refreshAfter)
            self.retryFailedRefreshAfter = retryFailedRefreshAfter ?? min(.seconds(10), refreshAfter)
        }
    }

    /// A fetched value: the text, and its fields when it is a JSON object.
    struct Fetched: Sendable {
        var text: String
        var fields: [String: String]?
    }

    private struct Entry {
        var value: Fetched?
        var fetchedAt: ContinuousClock.Instant?
        var failedAt: ContinuousClock.Instant?
        var inFlight: (generation: Int, task: Task<Fetched, any Error>)?
    }

    private struct State {
        var entries: [SecretReference.Source: Entry] = [:]
        var generation = 0
    }

    /// How long values live.
    public let policy: Policy
    /// Told when a stale value is served because its refresh failed (the reference and why); for a log line.
    public let onStaleValue: (@Sendable (SecretReference, SecretsError) -> Void)?
    private let fetch: @Sendable (SecretReference.Source) async throws -> Fetched
    private let now: @Sendable () -> ContinuousClock.Instant
    private let state = Mutex(State())

    /// Creates a cache over the two clients.
    /// - Parameters:
    ///   - secretsManager: Answers ``SecretReference/secret(_:jsonKey:versionStage:versionID:)`` references.
    ///   - ssm: Answers ``SecretReference/parameter(_:decrypt:)`` references.
    ///   - policy: How long values live.
    ///   - onStaleValue: Told when a stale value is served after a failed refresh.
    public convenience init(
        secretsManager: SecretsManagerClient?, ssm: SSMClient?, policy: Policy = Policy(),
        onStaleValue: (@Sendable (SecretReference, SecretsError) -> Void)? = nil
    ) {
        self.init(policy: policy, onStaleValue: onStaleValue, now: { ContinuousClock.now }) { source in
            switch source {
            case .secret(let id, let stage, let version):
                guard let secretsManager else { throw SecretsError.notConfigured.with(message: "no Secrets Manager client for \(id)") }
                let value = try await secretsManager.getSecretValue(id, versionStage: stage, versionID: version)
                guard let text = value.secretString else {
                    throw SecretsError.noSecretString.with(message: "\(value.name) holds a SecretBinary")
                }
                return Fetched(text: text, fields: Self.fields(of: text))
            case .parameter(let name, let decrypt):
                guard let ssm else { throw SecretsError.notConfigured.with(message: "no SSM client for \(name)") }
                return Fetched(text: try await ssm.getParameter(name, withDecryption: decrypt).value, fields: nil)
            }
        }
    }

    /// Creates a cache with clients made from a function's environment (credentials, region, and
    /// `AWS_ENDPOINT_URL_SECRETS_MANAGER`, `AWS_ENDPOINT_URL_SSM` or `AWS_ENDPOINT_URL`). Fetches nothing.
    /// - Parameters:
    ///   - environment: The variables, usually the process's.
    ///   - policy: How long values live.
    ///   - onStaleValue: Told when a stale value is served after a failed refresh.
    /// - Throws: ``AWSClientError`` when credentials or region are missing or an endpoint is invalid.
    public convenience init(
        environment: [String: String], policy: Policy = Policy(),
        onStaleValue: (@Sendable (SecretReference, SecretsError) -> Void)? = nil
    ) throws(AWSClientError) {
        self.init(
            secretsManager: try SecretsManagerClient(environment: environment), ssm: try SSMClient(environment: environment),
            policy: policy, onStaleValue: onStaleValue)
    }

    /// Creates a cache over any fetch and clock (for tests).
    init(
        policy: Policy, onStaleValue: (@Sendable (SecretReference, SecretsError) -> Void)? = nil,
        now: @escaping @Sendable () -> ContinuousClock.Instant,
        fetch: @escaping @Sendable (SecretReference.Source) async throws -> Fetched
    ) {
        self.policy = policy
        self.onStaleValue = onStaleValue
        self.now = now
        self.fetch = fetch
    }

    /// The value a reference names: from memory while fresh, else fetched (see the type's rules).
    /// - Parameter reference: The secret or parameter, and the JSON key if one is wanted.
    /// - Returns: The value.
    /// - Throws: ``SecretsError``: `notFound`, `accessDenied`, `fetchFailed` (nothing cached), `expired` (cached
    ///   too long and the refresh failed), `keyNotFound`, `notJSONObject`, `noSecretString`, `notConfigured`.
    public func value(for reference: SecretReference) async throws(SecretsError) -> String {
        enum Step { case serve(Fetched), await(Int, Task<Fetched, any Error>) }
        let source = reference.source
        let step: Step = state.withLock { state in
            let now = now()
            var entry = state.entries[source] ?? Entry()
            if let value = entry.value, let fetchedAt = entry.fetchedAt {
                let age = fetchedAt.duration(to: now)
                if age < policy.refreshAfter { return .serve(value) }
                if let failedAt = entry.failedAt, failedAt.duration(to: now) < policy.retryFailedRefreshAfter,
                   age < policy.expireAfter {
                    return .serve(value)
                }
            }
            if let inFlight = entry.inFlight { return .await(inFlight.generation, inFlight.task) }
            state.generation += 1
            let fetch = self.fetch
            let task = Task { try await fetch(source) }
            entry.inFlight = (state.generation, task)
            state.entries[source] = entry
            return .await(state.generation, task)
        }
        switch step {
        case .serve(let value):
            return try Self.extract(reference, from: value)
        case .await(let generation, let task):
            let result = await task.result
            let outcome: Result<Fetched, SecretsError> = state.withLock { state in
                let now = now()
                var entry = state.entries[source] ?? Entry()
                if entry.inFlight?.generation == generation {
                    entry.inFlight = nil
                    switch result {
                    case .success(let value): (entry.value, entry.fetchedAt, entry.failedAt) = (value, now, nil)
                    case .failure: entry.failedAt = now
                    }
                    state.entries[source] = entry
                }
                switch result {
                case .success(let value):
                    return .success(value)
                case .failure(let error):
                    let failure = SecretsError.fetching(reference, failedWith: error)
                    guard let value = entry.value, let fetchedAt = entry.fetchedAt else { return .failure(failure) }
                    guard fetchedAt.duration(to: now) < policy.expireAfter else {
                        return .failure(.expired.with(
                            message: "\(reference) was last fetched \(Self.seconds(fetchedAt.duration(to: now))) ago "
                                + "(expiry \(Self.seconds(policy.expireAfter))); the refresh failed: \(failure)"))
                    }
                    onStaleValue?(reference, failure)
                    return .success(value)
                }
            }
            return try Self.extract(reference, from: try outcome.get())
        }
    }

    /// Drops every cached value; the next reads fetch again.
    public func removeAll() {
        state.withLock { $0.entries.removeAll() }
    }

    private static func extract(_ reference: SecretReference, from value: Fetched) throws(SecretsError) -> String {
        guard let key = reference.jsonKey else { return value.text }
        guard let fields = value.fields else {
            throw SecretsError.notJSONObject.with(message: "\(reference): the value is not a JSON object, so it has no key \(key)")
        }
        guard let field = fields[key] else {
            throw SecretsError.keyNotFound.with(message: "\(reference): the JSON object has no string, number or boolean '\(key)'")
        }
        return field
    }

    /// The string, number and boolean members of a JSON object, as text; nil when the text is not an object.
    static func fields(of text: String) -> [String: String]? {
        enum Member: Decodable {
            case text(String), other
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let value = try? container.decode(String.self) { self = .text(value) }
                else if let value = try? container.decode(Bool.self) { self = .text(value ? "true" : "false") }
                else if let value = try? container.decode(Int.self) { self = .text(String(value)) }
                else if let value = try? container.decode(Double.self) { self = .text(String(value)) }
                else { self = .other }
            }
        }
        guard text.utf8.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "{"),
              let members = try? JSONDecoder().decode([String: Member].self, from: Data(text.utf8))
        else { return nil }
        return members.compactMapValues { if case .text(let value) = $0 { value } else { nil } }
    }

    private static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(Double(milliseconds) / 1000) s"
    }
}
