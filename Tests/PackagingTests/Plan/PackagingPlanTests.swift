import Foundation
import LambdaPackaging
import Testing
import TestSupport

/// The plan: which products, how linked, with which extras; from the template's Metadata or the package alone.
@Suite struct PackagingPlanTests {
    @Test func theRepositoryTemplateDeclaresItsFunctionsAndTheirExtras() throws {
        let declared = try TemplateFunctions.read(Repository.root.appendingPathComponent("template.json"))
        #expect(declared.map(\.product).contains("greetings"))
        #expect(declared.map(\.product) == declared.map(\.product).sorted())
        let faces = try #require(declared.first { $0.product == "faceDetection" })
        #expect(faces.extras.imageMagickCoders == ["bmp", "gif", "jpeg", "png", "webp"])
        #expect(faces.extras.files["haarcascade_frontalface_alt.xml"] == "/usr/share/opencv4/haarcascades/haarcascade_frontalface_alt.xml")
        #expect(declared.first { $0.product == "greetings" }?.link == nil)
    }

    @Test(arguments: [
        ("{ not json", "cannot read the functions of template.json: not JSON"),
        (#"{"Resources": {"F": {"Type": "AWS::Lambda::Function", "Metadata": {"SwiftLambda": {"Product": "f", "Link": "Dynamic"}}}}}"#,
         "cannot read the functions of template.json: Resources.F.Metadata.SwiftLambda.Link: Cannot initialize LinkMode from invalid String value Dynamic"),
        (#"{"Resources": {"F": {"Type": "AWS::Lambda::Function", "Metadata": {"SwiftLambda": {"Product": 3}}}}}"#,
         "cannot read the functions of template.json: Resources.F.Metadata.SwiftLambda.Product: Expected to decode String but found number instead."),
    ])
    func badTemplatesAreRefusedWithTheReason(text: String, message: String) throws {
        #expect(throws: PackagingError(message)) { try TemplateFunctions.parse(Data(text.utf8)) }
    }

    @Test func templateFunctionsArePlannedOrRefused() throws {
        let declared = [ProductPlan(product: "a"), ProductPlan(product: "ghost", link: .bundled)]
        let all = try PackagingPlan.make(declared: declared, products: ["a", "tool"], lambdaProducts: ["a"], requested: [])
        #expect(all.products == [ProductPlan(product: "a")])
        #expect(all.skipped == ["skipping ghost: Package.swift has no executable product 'ghost' yet"])
        #expect(throws: PackagingError("unknown function 'tool' (template.json declares: a ghost)")) {
            try PackagingPlan.make(declared: declared, products: ["a", "tool"], lambdaProducts: ["a"], requested: ["tool"])
        }
        #expect(throws: PackagingError("ghost is declared in template.json but Package.swift has no executable product 'ghost' yet")) {
            try PackagingPlan.make(declared: declared, products: ["a"], lambdaProducts: ["a"], requested: ["ghost"])
        }
        #expect(try PackagingPlan.make(declared: [ProductPlan(product: "ghost")], products: ["a"], lambdaProducts: [], requested: []).products.isEmpty)
        let twice = try PackagingPlan.make(declared: declared, products: ["a"], lambdaProducts: [], requested: ["a", "a"])
        #expect(twice.products.count == 1)
    }

    @Test func withoutATemplateTheLambdaProductsAreTheCandidates() throws {
        let plan = try PackagingPlan.make(declared: nil, products: ["fn", "tool"], lambdaProducts: ["fn"], requested: [])
        #expect(plan.products == [ProductPlan(product: "fn")])
        #expect(throws: PackagingError("unknown function 'tool' (the package's products that use LambdaRuntime: fn)")) {
            try PackagingPlan.make(declared: nil, products: ["fn", "tool"], lambdaProducts: ["fn"], requested: ["tool"])
        }
    }

    @Test func theLinkModeFollowsWhatTheBinaryNeeds() {
        #expect(LinkMode.chosen(forNeeded: ["libc.so.6", "libm.so.6", "ld-linux-x86-64.so.2"]) == .staticExecutable)
        #expect(LinkMode.chosen(forNeeded: []) == .staticExecutable)
        #expect(LinkMode.chosen(forNeeded: ["libc.so.6", "libcurl.so.4"]) == .bundled)
    }
}
