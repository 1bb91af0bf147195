import Foundation
import LambdaPackaging
import Testing
import TestSupport

/// Executable products and which use LambdaRuntime, from SwiftPM's own manifest dump.
@Suite struct ExecutableProductsTests {
    @Test func theRepositorysFunctionsAreItsLambdaProducts() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let products = try ExecutableProducts.load(packagePath: Repository.root, scratchPath: scratch)
        #expect(products.all.contains("lambda-local"))
        #expect(!products.lambda.contains("lambda-local"))
        for function in ["greetings", "whatIsMyIp", "faceDetection", "purgeBucketByPrefix"] {
            #expect(products.lambda.contains(function), "\(function)")
        }
    }

    @Test func dependenciesThroughOtherTargetsAndPackagesCount() throws {
        let manifest = #"""
            {"products": [
              {"name": "fn", "type": {"executable": null}, "targets": ["fn"]},
              {"name": "tool", "type": {"executable": null}, "targets": ["tool"]},
              {"name": "Lib", "type": {"library": ["automatic"]}, "targets": ["Handler"]}],
             "targets": [
              {"name": "fn", "dependencies": [{"byName": ["Handler", null]}]},
              {"name": "Handler", "dependencies": [{"product": ["LambdaRuntime", "swift-lambda", null, null]}]},
              {"name": "tool", "dependencies": [{"product": ["ArgumentParser", "swift-argument-parser", null, null]}]}]}
            """#
        #expect(try ExecutableProducts.parse(Data(manifest.utf8)) == ExecutableProducts(all: ["fn", "tool"], lambda: ["fn"]))
        #expect(throws: PackagingError.self) { try ExecutableProducts.parse(Data("[]".utf8)) }
    }
}
