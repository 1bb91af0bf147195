// swift-tools-version:6.1
import PackageDescription

/// Function binaries link the Swift standard library statically (`--static-swift-stdlib` in build.sh) and
/// import FoundationEssentials only; see README "Packaging".
let package = Package(
    name: "SwiftLambdaToolkit",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "LambdaRuntime", targets: ["LambdaRuntime"]),
        .library(name: "StackTemplate", targets: ["StackTemplate"]),
        .library(name: "LambdaEmulator", targets: ["LambdaEmulator"]),
        .library(name: "LambdaPackaging", targets: ["LambdaPackaging"]),
        .executable(name: "lambda-local", targets: ["LambdaLocal"]),
        .library(name: "LambdaEvents", targets: ["LambdaEvents"]),
        .library(name: "ScheduleExpressions", targets: ["ScheduleExpressions"]),
        .library(name: "FaceDetection", targets: ["FaceDetection"]),
        .library(name: "Imaging", targets: ["Imaging"]),
        .library(name: "HTTPClient", targets: ["HTTPClient"]),
        .library(name: "AWS", targets: ["AWS"]),
        .executable(name: "greetings", targets: ["greetings"]),
        .executable(name: "whatIsMyIp", targets: ["whatIsMyIp"]),
        .executable(name: "streamingGreetings", targets: ["streamingGreetings"]),
        .executable(name: "purgeBucketByPrefix", targets: ["purgeBucketByPrefix"]),
        .executable(name: "faceDetection", targets: ["faceDetection"]),
        .executable(name: "apiProxy", targets: ["apiProxy"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // The custom runtime: Runtime API client, loop, context, handler protocols, logging.
        .target(
            name: "LambdaRuntime",
            dependencies: ["JSONCoding", "CCrashReporter", .product(name: "Logging", package: "swift-log")],
            path: "Sources/Runtime",
            exclude: ["Crash/CCrashReporter"]
        ),
        // The runtime's crash reporter: a signal handler must be async-signal-safe, hence C (see its header).
        .target(name: "CCrashReporter", path: "Sources/Runtime/Crash/CCrashReporter"),
        // JSON decoding of events and encoding of results as JSONDecoder/JSONEncoder do, faster for small documents.
        .target(
            name: "JSONCoding",
            path: "Sources/JSONCoding"
        ),
        .target(
            name: "StackTemplate",
            path: "Sources/Template"
        ),
        .target(
            name: "CProcess",
            path: "Sources/CProcess"
        ),
        .target(
            name: "LambdaEmulator",
            dependencies: [
                "StackTemplate",
                "LambdaEvents",
                "ScheduleExpressions",
                "CProcess",
                "AWS",
                "HTTPClient",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Sources/Emulator"
        ),
        // Zlib's deflate and CRC-32 for the packager's reproducible zips.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        // Any package's executable products as reproducible Lambda zips (what build.sh did, for any package).
        .target(
            name: "LambdaPackaging",
            dependencies: ["CZlib", .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/Packaging"
        ),
        .executableTarget(
            name: "LambdaLocal",
            dependencies: [
                "LambdaEmulator",
                "LambdaPackaging",
                "StackTemplate",
                "ScheduleExpressions",
                "AWS",  // creates the template's secrets and parameters, answers dynamic references
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/LambdaLocal"
        ),
        .testTarget(
            name: "StackTemplateTests",
            dependencies: ["StackTemplate"],
            path: "Tests/TemplateTests"
        ),
        .testTarget(
            name: "LambdaEmulatorTests",
            dependencies: ["LambdaEmulator", "StackTemplate", "ScheduleExpressions", "TestSupport"],
            path: "Tests/EmulatorTests",
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "LambdaLocalTests",
            dependencies: ["LambdaLocal", "AWS", "TestServers", "TestSupport"],
            path: "Tests/LambdaLocalTests",
            exclude: ["Fixtures"]
        ),
        // Codable event and response shapes (API Gateway v1/v2, Function URL, Scheduled Event).
        .target(name: "LambdaEvents", path: "Sources/Events"),

        // EventBridge rate/cron expressions and a scheduler that fires them (no dependency on the emulator).
        .target(name: "ScheduleExpressions", path: "Sources/Schedule"),

        // Viola–Jones over OpenCV's published Haar cascades, pure Swift (takes gray pixels, knows no image format).
        .target(name: "FaceDetection", path: "Sources/FaceDetection"),
        // Pixels through ImageMagick's MagickWand: guarded decode, gray, drawing, thumbnails, JPEG.
        .systemLibrary(
            name: "CMagickWand", path: "Sources/CMagickWand", pkgConfig: "MagickWand",
            providers: [.apt(["libmagickwand-dev"])]),
        .target(name: "Imaging", dependencies: ["CMagickWand"], path: "Sources/Imaging"),

        // Handlers: one module per function so each executable links only what it needs.
        .target(name: "GreetingsHandler", dependencies: ["LambdaRuntime", "LambdaEvents"], path: "Sources/Handlers/Greetings"),
        .target(
            name: "StreamingGreetingsHandler", dependencies: ["GreetingsHandler", "LambdaRuntime", "LambdaEvents"],
            path: "Sources/Handlers/StreamingGreetings"),
        .target(name: "WhatIsMyIPHandler", dependencies: ["LambdaRuntime", "LambdaEvents"], path: "Sources/Handlers/WhatIsMyIP"),

        // One tiny executable per function; each becomes a zip's `bootstrap`.
        .executableTarget(name: "greetings", dependencies: ["GreetingsHandler"], path: "Sources/Functions/greetings"),
        .executableTarget(
            name: "streamingGreetings", dependencies: ["StreamingGreetingsHandler"], path: "Sources/Functions/streamingGreetings"),
        .executableTarget(name: "whatIsMyIp", dependencies: ["WhatIsMyIPHandler"], path: "Sources/Functions/whatIsMyIp"),

        // Test support: an in-process mock Runtime API, child-process helpers, repository paths, test data (Tests/Fixtures).
        .target(name: "TestSupport", path: "Tests/Support"),
        // A function with one handler per runtime behaviour, for end-to-end tests of the runtime and the emulator.
        .executableTarget(name: "TestFunction", dependencies: ["LambdaRuntime"], path: "Tests/Fixtures/TestFunction"),

        .testTarget(name: "JSONCodingTests", dependencies: ["JSONCoding", "TestSupport"]),
        .testTarget(name: "RuntimeTests", dependencies: ["LambdaRuntime", "TestSupport", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "EventsTests", dependencies: ["LambdaEvents", "TestSupport"]),
        .testTarget(
            name: "HandlersTests",
            dependencies: ["GreetingsHandler", "WhatIsMyIPHandler", "LambdaRuntime", "LambdaEvents", "TestSupport",
                           .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "FunctionsTests", dependencies: ["TestSupport"]),
        .testTarget(name: "ScheduleTests", dependencies: ["ScheduleExpressions", "TestSupport"]),
        .testTarget(
            name: "FaceDetectionTests", dependencies: ["FaceDetection", "Imaging", "TestSupport"],
            exclude: ["Oracle"]),  // the OpenCV oracle script, run by OpenCVOracleTests
        .testTarget(name: "ImagingTests", dependencies: ["Imaging", "TestSupport"]),
        // build.sh's zips: run in an empty root, reproducible, linkage, deployed to moto with the AWS CLI.
        .testTarget(name: "PackagingTests", dependencies: ["LambdaPackaging", "TestSupport"]),

        // Benchmarks (executables that print figures; see benchmarks/).
        .executableTarget(name: "ScheduleBenchmark", dependencies: ["ScheduleExpressions"], path: "benchmarks/schedule"),
        .executableTarget(
            name: "JSONCodingBenchmark", dependencies: ["JSONCoding", "GreetingsHandler", "WhatIsMyIPHandler", "LambdaEvents"],
            path: "benchmarks/json"),
        // The streaming benchmark's function (benchmarks/runtime/streaming.sh).
        .executableTarget(
            name: "StreamingBenchmarkFunction", dependencies: ["LambdaRuntime"], path: "benchmarks/runtime/streaming-function"),
        .executableTarget(
            name: "FaceDetectionBenchmark", dependencies: ["FaceDetection", "Imaging"],
            path: "benchmarks/FaceDetectionBenchmark"),
        .executableTarget(name: "SecretsBenchmark", dependencies: ["AWS"], path: "benchmarks/secrets", exclude: ["run.sh"]),

        // Outbound HTTP(S) over libcurl, and S3 on top of it.
        .systemLibrary(
            name: "CCurl",
            path: "Sources/CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(name: "HTTPClient", dependencies: ["CCurl"], path: "Sources/HTTPClient"),
        .target(
            name: "AWS",
            dependencies: ["HTTPClient", .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/AWS"
        ),
        .target(
            name: "PurgeBucketHandler",
            dependencies: ["LambdaRuntime", "AWS", .product(name: "Logging", package: "swift-log")],
            path: "Sources/Handlers/PurgeBucket"
        ),
        .executableTarget(
            name: "purgeBucketByPrefix",
            dependencies: ["PurgeBucketHandler"],
            path: "Sources/Functions/purgeBucketByPrefix"
        ),
        .target(
            name: "FaceDetectionHandler",
            dependencies: [
                "LambdaRuntime", "FaceDetection", "Imaging", "HTTPClient", "AWS",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Handlers/FaceDetection"
        ),
        .executableTarget(
            name: "faceDetection",
            dependencies: ["FaceDetectionHandler"],
            path: "Sources/Functions/faceDetection"
        ),
        // The proxy in front of an admin API: the caller's token checked upstream, the admin key from Secrets Manager.
        .target(
            name: "APIProxyHandler",
            dependencies: [
                "LambdaRuntime", "LambdaEvents", "AWS", "HTTPClient", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Handlers/APIProxy"
        ),
        .executableTarget(name: "apiProxy", dependencies: ["APIProxyHandler"], path: "Sources/Functions/apiProxy"),
        // Loopback servers for tests (Python scripts: an HTTP test server, moto behind a fault proxy, a Runtime API).
        .target(
            name: "TestServers",
            dependencies: ["HTTPClient"],
            path: "Tests/TestServers",
            exclude: ["Scripts"]
        ),
        .testTarget(name: "HTTPClientTests", dependencies: ["HTTPClient", "TestServers"]),
        .testTarget(name: "AWSTests", dependencies: ["AWS", "TestServers", "TestSupport"]),
        .testTarget(
            name: "APIProxyHandlerTests",
            dependencies: [
                "APIProxyHandler", "AWS", "LambdaRuntime", "LambdaEvents", "TestServers",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "PurgeBucketHandlerTests",
            dependencies: [
                "PurgeBucketHandler", "AWS", "LambdaRuntime", "LambdaEvents", "TestServers",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "FaceDetectionHandlerTests",
            dependencies: [
                "FaceDetectionHandler", "FaceDetection", "Imaging", "AWS", "HTTPClient", "LambdaRuntime",
                "TestSupport", "TestServers", .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
