// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "SwiftLambdaToolkit",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "LambdaRuntime", targets: ["LambdaRuntime"]),
        .library(name: "FaceDetection", targets: ["FaceDetection"]),
        .library(name: "Imaging", targets: ["Imaging"]),
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

        // Face detection: Viola–Jones over OpenCV's Haar cascade data, pure Swift (no ImageMagick).
        .target(name: "FaceDetection", path: "Sources/FaceDetection"),
        // ImageMagick 6 (Debian libmagickwand-dev) through its MagickWand C API.
        .systemLibrary(
            name: "CMagickWand",
            path: "Sources/CMagickWand",
            pkgConfig: "MagickWand",
            providers: [.apt(["libmagickwand-dev"])]
        ),
        .target(name: "Imaging", dependencies: ["CMagickWand"], path: "Sources/Imaging"),
        .executableTarget(
            name: "FaceDetectionBenchmark",
            dependencies: ["FaceDetection", "Imaging"],
            path: "benchmarks/FaceDetectionBenchmark"
        ),
        .testTarget(
            name: "FaceDetectionTests",
            dependencies: ["FaceDetection", "Imaging"],
            exclude: ["Oracle"]  // the OpenCV oracle script, run by OpenCVOracleTests
        ),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging"]),
    ]
)
