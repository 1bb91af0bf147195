// Prints what reading a secret costs: the first GetSecretValue of a fresh client and cache (new connection,
// signing, JSON), a GetSecretValue on a warm connection, and a read served by SecretCache from memory.
// Needs a Secrets Manager at AWS_ENDPOINT_URL (run.sh starts a moto_server); figures are medians.
import AWS
import Foundation

let environment = ProcessInfo.processInfo.environment.merging([
    "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_REGION": "us-east-1",
]) { old, _ in old }
let secretID = "bench/admin-key"
let clock = ContinuousClock()

func microseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

let setup = try SecretsManagerClient(environment: environment)
do {
    try await setup.createSecret(name: secretID, secretString: #"{"apiKey":"0123456789abcdef0123456789abcdef"}"#)
} catch let error as AWSServiceError where error.code == "ResourceExistsException" {}

// First read: a new client (its own HTTP client, so a new connection) behind a new cache.
var first: [Double] = []
for _ in 0..<30 {
    let cache = try SecretCache(environment: environment)
    let began = clock.now
    _ = try await cache.value(for: .secret(secretID, jsonKey: "apiKey"))
    first.append(microseconds(began.duration(to: clock.now)))
}

// GetSecretValue on a warm connection.
var warm: [Double] = []
for _ in 0..<200 {
    let began = clock.now
    _ = try await setup.getSecretValue(secretID)
    warm.append(microseconds(began.duration(to: clock.now)))
}

// Reads served from memory.
let cache = try SecretCache(environment: environment)
let reference = SecretReference.secret(secretID, jsonKey: "apiKey")
_ = try await cache.value(for: reference)
let reads = 1_000_000
var batches: [Double] = []
for _ in 0..<5 {
    let began = clock.now
    for _ in 0..<reads { _ = try await cache.value(for: reference) }
    batches.append(microseconds(began.duration(to: clock.now)) / Double(reads))
}

print(String(format: "first read (new client and cache, GetSecretValue, JSON key): %8.1f µs  (median of %d)", median(first), first.count))
print(String(format: "GetSecretValue, warm connection:                            %8.1f µs  (median of %d)", median(warm), warm.count))
print(String(format: "cached read (SecretCache.value, JSON key):                  %8.3f µs  (median of 5 × %d)", median(batches), reads))
print(String(format: "first read / cached read: %.0f×", median(first) / median(batches)))
