// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "SwiftLambdaToolkit",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "LambdaRuntime", targets: ["LambdaRuntime"]),
        .library(name: "StackTemplate", targets: ["StackTemplate"]),
        .library(name: "LambdaEmulator", targets: ["LambdaEmulator"]),
        .executable(name: "lambda-local", targets: ["LambdaLocal"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
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
    ]
)
