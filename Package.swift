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
        .executable(name: "lambda-local", targets: ["LambdaLocal"]),
        .library(name: "LambdaEvents", targets: ["LambdaEvents"]),
        .executable(name: "greetings", targets: ["greetings"]),
        .executable(name: "whatIsMyIp", targets: ["whatIsMyIp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // The custom runtime: Runtime API client, loop, context, handler protocols, logging.
        .target(
            name: "LambdaRuntime",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            path: "Sources/Runtime"
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
                "CProcess",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Sources/Emulator"
        ),
        .executableTarget(
            name: "LambdaLocal",
            dependencies: [
                "LambdaEmulator",
                "StackTemplate",
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
            dependencies: ["LambdaEmulator", "StackTemplate"],
            path: "Tests/EmulatorTests",
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "LambdaLocalTests",
            dependencies: ["LambdaLocal"],
            path: "Tests/LambdaLocalTests"
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
    ]
)
