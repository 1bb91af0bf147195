// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "SwiftLambdaToolkit",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "LambdaRuntime", targets: ["LambdaRuntime"]),
        .library(name: "HTTPClient", targets: ["HTTPClient"]),
        .library(name: "AWS", targets: ["AWS"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .target(
            name: "LambdaRuntime",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            path: "Sources/Runtime"
        ),

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
            name: "TestSupport",
            dependencies: ["HTTPClient"],
            path: "Tests/TestSupport",
            exclude: ["Scripts"]
        ),
        .testTarget(name: "HTTPClientTests", dependencies: ["HTTPClient", "TestSupport"]),
        .testTarget(name: "AWSTests", dependencies: ["AWS", "TestSupport"]),
    ]
)
