@testable import AWS
import Synchronization
import Testing

/// The cache's rules with a made-up clock and fetch: lazy, fresh until the TTL, stale-on-failure until expiry,
/// a clear error after, one fetch for concurrent readers, one fetch for every key of a secret.
@Suite struct SecretCacheInternalTests {
    /// A fetch whose answers the test sets, counting calls; and a clock the test moves.
    final class Fixture: Sendable {
        let start = ContinuousClock.now
        let offset = Mutex(Duration.zero)
        let answer = Mutex<Result<String, AWSServiceError>>(.success("one"))
        let calls = Mutex(0)
        let stale = Mutex<[String]>([])

        func advance(_ duration: Duration) { offset.withLock { $0 += duration } }

        func cache(_ policy: SecretCache.Policy) -> SecretCache {
            SecretCache(
                policy: policy, onStaleValue: { reference, error in self.stale.withLock { $0.append("\(reference): \(error)") } },
                now: { self.start.advanced(by: self.offset.withLock { $0 }) },
                fetch: { _ in
                    self.calls.withLock { $0 += 1 }
                    let text = try self.answer.withLock { $0 }.get()
                    return SecretCache.Fetched(text: text, fields: SecretCache.fields(of: text))
                })
        }
    }

    let policy = SecretCache.Policy(refreshAfter: .seconds(60), expireAfter: .seconds(180), retryFailedRefreshAfter: .seconds(10))

    @Test func fetchesLazilyOnceAndRefreshesAfterTheTTLNotBefore() async throws {
        let fixture = Fixture()
        let cache = fixture.cache(policy)
        #expect(fixture.calls.withLock { $0 } == 0)
        #expect(try await cache.value(for: .secret("s")) == "one")
        fixture.answer.withLock { $0 = .success("two") }  // rotated
        fixture.advance(.seconds(59))
        #expect(try await cache.value(for: .secret("s")) == "one")
        #expect(fixture.calls.withLock { $0 } == 1)
        fixture.advance(.seconds(1))
        #expect(try await cache.value(for: .secret("s")) == "two")
        #expect(fixture.calls.withLock { $0 } == 2)
    }

    @Test func aFailedRefreshServesTheLastValueUntilExpiryThenFailsClearly() async throws {
        let fixture = Fixture()
        let cache = fixture.cache(policy)
        #expect(try await cache.value(for: .secret("s")) == "one")
        fixture.answer.withLock { $0 = .failure(AWSServiceError(status: 503, code: "ServiceUnavailable", message: "down")) }
        fixture.advance(.seconds(61))
        #expect(try await cache.value(for: .secret("s")) == "one")
        #expect(fixture.stale.withLock { $0.count } == 1)
        #expect(fixture.stale.withLock { $0.first ?? "" }.contains("ServiceUnavailable"))
        // Within the pause after a failure: no new request.
        fixture.advance(.seconds(5))
        #expect(try await cache.value(for: .secret("s")) == "one")
        #expect(fixture.calls.withLock { $0 } == 2)
        fixture.advance(.seconds(6))
        #expect(try await cache.value(for: .secret("s")) == "one")
        #expect(fixture.calls.withLock { $0 } == 3)
        fixture.advance(.seconds(110))  // 182 s after the last success
        let error = await #expect(throws: SecretsError.expired) { try await cache.value(for: .secret("s")) }
        #expect(error?.description.contains("secretsmanager:s was last fetched 182 s ago (expiry 180 s)") == true, "\(String(describing: error))")
        #expect(error?.description.contains("one") == false)
        // A refresh that works again brings it back.
        fixture.answer.withLock { $0 = .success("three") }
        fixture.advance(.seconds(11))
        #expect(try await cache.value(for: .secret("s")) == "three")
    }

    @Test func firstFetchErrorsAreMappedAndNotCached() async throws {
        let fixture = Fixture()
        let cache = fixture.cache(policy)
        fixture.answer.withLock { $0 = .failure(AWSServiceError(status: 400, code: "ResourceNotFoundException", message: "no")) }
        await #expect(throws: SecretsError.notFound) { try await cache.value(for: .secret("missing")) }
        fixture.answer.withLock { $0 = .failure(AWSServiceError(status: 400, code: "AccessDeniedException", message: "no")) }
        await #expect(throws: SecretsError.accessDenied) { try await cache.value(for: .secret("missing")) }
        fixture.answer.withLock { $0 = .success("now") }
        #expect(try await cache.value(for: .secret("missing")) == "now")
    }

    @Test func jsonKeysShareOneFetchAndMissingKeysAreClear() async throws {
        let fixture = Fixture()
        fixture.answer.withLock { $0 = .success(#"{"apiKey": "k-1", "port": 5432, "tls": true, "nested": {"a": 1}}"#) }
        let cache = fixture.cache(policy)
        #expect(try await cache.value(for: .secret("db", jsonKey: "apiKey")) == "k-1")
        #expect(try await cache.value(for: .secret("db", jsonKey: "port")) == "5432")
        #expect(try await cache.value(for: .secret("db", jsonKey: "tls")) == "true")
        #expect(fixture.calls.withLock { $0 } == 1)
        let missing = await #expect(throws: SecretsError.keyNotFound) { try await cache.value(for: .secret("db", jsonKey: "nested")) }
        #expect(missing?.description.contains("k-1") == false)
        let plain = Fixture()
        await #expect(throws: SecretsError.notJSONObject) { try await plain.cache(policy).value(for: .secret("p", jsonKey: "apiKey")) }
    }

    @Test func concurrentReadersShareOneFetch() async throws {
        let fixture = Fixture()
        let cache = fixture.cache(policy)
        try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 { group.addTask { try await cache.value(for: .parameter("/p")) } }
            for try await value in group { #expect(value == "one") }
        }
        #expect(fixture.calls.withLock { $0 } == 1)
    }

    @Test func descriptionsNeverShowValues() {
        let secret = SecretValue(arn: "arn", name: "n", versionID: "v1", versionStages: ["AWSCURRENT"], secretString: "hunter2")
        #expect(!"\(secret)".contains("hunter2"))
        #expect("\(secret)".contains("<redacted string of 7 bytes>"))
        let parameter = SSMParameter(name: "/p", type: .secureString, value: "hunter2", version: 3)
        #expect(!"\(parameter)".contains("hunter2"))
    }
}
