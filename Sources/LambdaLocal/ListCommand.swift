import ArgumentParser
import Foundation
import LambdaEmulator

/// Lists the template's functions (with where their code is), API routes and schedules.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the template's functions, API routes, schedules and buckets.")

    @OptionGroup var stack: StackOptions

    func run() async throws {
        let template = try stack.loadTemplate()
        let located = try stack.locate(template)
        print("Functions:")
        for function in located.functions {
            let definition = function.definition
            let code = located.missing.contains(function.name) ? "(no bootstrap: \(function.bootstrap))" : function.bootstrap
            print("  \(definition.name)  handler=\(definition.handler.isEmpty ? "-" : definition.handler)  runtime=\(definition.runtime ?? "-")  memory=\(definition.memorySize) MB  timeout=\(definition.timeout) s  \(code)")
        }
        if !template.routes.isEmpty {
            print("API routes (stage \(template.stageName)):")
            for route in template.routes {
                let name = template.functions.first { $0.logicalID == route.functionLogicalID }?.name ?? route.functionLogicalID
                print("  \(route.method) \(route.path) → \(name)")
            }
        }
        if !template.schedules.isEmpty {
            print("Schedules:")
            for rule in template.schedules {
                let targets = rule.targets.map { $0.functionLogicalID ?? $0.arn }.joined(separator: ", ")
                print("  \(rule.name)  \(rule.scheduleExpression)  \(rule.isEnabled ? "enabled" : "disabled") → \(targets)")
            }
        }
        if !template.buckets.isEmpty {
            print("Buckets (stack \(template.environment.stackName)):")
            for bucket in template.buckets {
                print("  \(bucket.logicalID)  \(bucket.name)\(bucket.isNameGenerated ? "  (generated: the template leaves the name to CloudFormation)" : "")")
            }
        }
        for warning in template.warnings { print("note: \(warning)") }
    }
}
