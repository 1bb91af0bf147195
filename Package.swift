// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "SwiftLambdaToolkit",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "LambdaRuntime", targets: ["LambdaRuntime"]),
        .library(name: "ScheduleExpressions", targets: ["ScheduleExpressions"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .target(
            name: "LambdaRuntime",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            path: "Sources/Runtime"
        ),
        .target(
            name: "ScheduleExpressions",
            path: "Sources/Schedule"
        ),
        .executableTarget(
            name: "ScheduleBenchmark",
            dependencies: ["ScheduleExpressions"],
            path: "Benchmarks/Schedule"
        ),
        .testTarget(
            name: "ScheduleExpressionsTests",
            dependencies: ["ScheduleExpressions"],
            path: "Tests/ScheduleTests"
        ),
    ]
)
