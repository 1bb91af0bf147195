// swift-tools-version:6.1
import PackageDescription

/// Function binaries link the Swift standard library statically (`--static-swift-stdlib` in build.sh) and
/// import FoundationEssentials only; see README "Packaging".
let package = Package(
    name: "SwiftLambdaToolkit",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "LambdaRuntime", targets: ["LambdaRuntime"]),
        .library(name: "LambdaEvents", targets: ["LambdaEvents"]),
        .library(name: "HTTPClient", targets: ["HTTPClient"]),
        .library(name: "AWS", targets: ["AWS"]),
        .executable(name: "greetings", targets: ["greetings"]),
        .executable(name: "whatIsMyIp", targets: ["whatIsMyIp"]),
        .executable(name: "purgeBucketByPrefix", targets: ["purgeBucketByPrefix"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // The custom runtime: Runtime API client, loop, context, handler protocols, logging.
        .target(
            name: "LambdaRuntime",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            path: "Sources/Runtime"
        ),
        // Codable event and response shapes (API Gateway v1/v2, Function URL, Scheduled Event).
        .target(name: "LambdaEvents", path: "Sources/Events"),

        // Handlers: one module per function so each executable links only what it needs.
        .target(name: "GreetingsHandler", dependencies: ["LambdaRuntime", "LambdaEvents"], path: "Sources/Handlers/Greetings"),
        .target(name: "WhatIsMyIPHandler", dependencies: ["LambdaRuntime", "LambdaEvents"], path: "Sources/Handlers/WhatIsMyIP"),

        // One tiny executable per function; each becomes a zip's `bootstrap`.
        .executableTarget(name: "greetings", dependencies: ["GreetingsHandler"], path: "Sources/Functions/greetings"),
        .executableTarget(name: "whatIsMyIp", dependencies: ["WhatIsMyIPHandler"], path: "Sources/Functions/whatIsMyIp"),

        .testTarget(name: "RuntimeTests", dependencies: ["LambdaRuntime"]),
        .testTarget(name: "EventsTests", dependencies: ["LambdaEvents"]),
        .testTarget(name: "HandlersTests", dependencies: ["GreetingsHandler", "WhatIsMyIPHandler", "LambdaRuntime", "LambdaEvents"]),

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
            name: "TestSupport",
            dependencies: ["HTTPClient"],
            path: "Tests/TestSupport",
            exclude: ["Scripts"]
        ),
        .testTarget(name: "HTTPClientTests", dependencies: ["HTTPClient", "TestSupport"]),
        .testTarget(name: "AWSTests", dependencies: ["AWS", "TestSupport"]),
        .testTarget(
            name: "PurgeBucketHandlerTests",
            dependencies: [
                "PurgeBucketHandler", "AWS", "LambdaRuntime", "LambdaEvents", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
