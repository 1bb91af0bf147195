import ArgumentParser
import Foundation
import LambdaEmulator
import StackTemplate

/// Options every command shares: which template, where the code is, parameter overrides.
struct StackOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "The CloudFormation template.")
    var template = "template.json"

    @Option(name: .customLong("code"), help: ArgumentHelp(
        "Code of a function: NAME=PATH, PATH an executable or a folder with bootstrap (repeatable).",
        valueName: "name=path"))
    var codePaths: [String] = []

    @Option(name: .customLong("build-dir"), help: ArgumentHelp(
        "Folder with built products named by Metadata.SwiftLambda.Product (repeatable; default .build/release, .build/debug beside the template).",
        valueName: "dir"))
    var buildDirectories: [String] = []

    @Option(name: .customLong("parameter"), help: ArgumentHelp("Template parameter override KEY=VALUE (repeatable).", valueName: "key=value"))
    var parameters: [String] = []

    @Option(
        name: .customLong("parameter-overrides"), parsing: .upToNextOption,
        help: ArgumentHelp(
            "Template parameter overrides KEY=VALUE ... (or ParameterKey=KEY,ParameterValue=VALUE), as aws cloudformation deploy takes them; they take the values up to the next option.",
            valueName: "key=value"))
    var parameterOverrides: [String] = []

    @Option(help: "Stack name for AWS::StackName and the names of resources the template leaves unnamed (buckets: <stack>-<logicalid>-<hash>).")
    var stackName = "local"

    @Option(help: "Region for AWS_REGION and ARNs.")
    var region = "us-east-1"

    @Option(help: "Most instances of one function at once.")
    var concurrency = 10

    @Option(name: .customLong("max-concurrency"), help: ArgumentHelp(
        "Invocations one process of a function serves at once: NAME=N, 1 to 1600 (repeatable; sets AWS_LAMBDA_MAX_CONCURRENCY, as Lambda Managed Instances' PerExecutionEnvironmentMaxConcurrency does).",
        valueName: "name=n"))
    var perProcessConcurrency: [String] = []

    @OptionGroup var credentials: CredentialOptions

    func loadTemplate() throws -> StackTemplate {
        var overrides = try pairs(parameters, option: "--parameter")
        overrides.merge(try pairs(parameterOverrides.map(Self.keyValue), option: "--parameter-overrides")) { $1 }
        return try StackTemplate(
            contentsOfFile: template,
            environment: .init(region: region, stackName: stackName, parameterOverrides: overrides))
    }

    /// `ParameterKey=K,ParameterValue=V` (the AWS CLI's long form) as `K=V`; other text unchanged.
    private static func keyValue(_ text: String) -> String {
        let prefix = "ParameterKey=", separator = ",ParameterValue="
        guard text.hasPrefix(prefix), let range = text.range(of: separator) else { return text }
        return text[text.index(text.startIndex, offsetBy: prefix.count)..<range.lowerBound] + "=" + text[range.upperBound...]
    }

    func locate(_ template: StackTemplate) throws -> (functions: [LocalFunction], missing: [String]) {
        let folder = (URL(fileURLWithPath: self.template).deletingLastPathComponent().path as NSString)
        let directories = buildDirectories.isEmpty
            ? [folder.appendingPathComponent(".build/release"), folder.appendingPathComponent(".build/debug")]
            : buildDirectories
        var located = LocalFunction.locate(
            in: template, codePaths: try pairs(codePaths, option: "--code"), buildDirectories: directories)
        for (name, text) in try pairs(perProcessConcurrency, option: "--max-concurrency") {
            guard let value = Int(text), (1...1600).contains(value) else {
                throw CommandError("--max-concurrency \(name)=\(text): N must be an integer from 1 to 1600")
            }
            guard template.function(named: name) != nil else {
                throw CommandError("--max-concurrency: function not found: \(name)")
            }
            for index in located.functions.indices where located.functions[index].name == name {
                located.functions[index].definition.perProcessConcurrency = value
            }
        }
        return located
    }

    /// The emulator's settings; functions reach their AWS services where `services` says (default: an endpoint
    /// variable of this shell, else AWS), the way AWS SDKs are pointed at them.
    func emulatorConfiguration(services: ServicesEndpoint? = nil) throws -> EmulatorConfiguration {
        var configuration = EmulatorConfiguration()
        configuration.region = region
        configuration.maxConcurrency = concurrency
        configuration.credentials = try credentials.credentials()
        let environment = ProcessInfo.processInfo.environment
        let services = services ?? ServicesEndpoint.configuredEndpoint(in: environment).map { .configured(variable: $0.variable, url: $0.url) } ?? .aws
        configuration.extraEnvironment.merge(services.functionEnvironment(from: environment)) { $1 }
        return configuration
    }

    func function(_ name: String, in template: StackTemplate) throws -> FunctionDefinition {
        guard let function = template.function(named: name) else {
            let names = template.functions.map(\.name).joined(separator: ", ")
            throw CommandError("function not found: \(name) (functions in \(self.template): \(names.isEmpty ? "none" : names))")
        }
        return function
    }

    private func pairs(_ values: [String], option: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for value in values {
            guard let equals = value.firstIndex(of: "="), equals != value.startIndex else {
                throw CommandError("\(option) takes KEY=VALUE, got \(value)")
            }
            result[String(value[..<equals])] = String(value[value.index(after: equals)...])
        }
        return result
    }
}

/// A message for the user; the command exits with status 1.
struct CommandError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}

/// Reads an event from a file or standard input (`-`) and checks that it is JSON.
func readEvent(_ source: String?) throws -> [UInt8] {
    guard let source else { return Array("{}".utf8) }
    let data: Data
    if source == "-" {
        data = FileHandle.standardInput.readDataToEndOfFile()
    } else {
        guard FileManager.default.fileExists(atPath: source) else { throw CommandError("event file not found: \(source)") }
        data = try Data(contentsOf: URL(fileURLWithPath: source))
    }
    do {
        _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    } catch {
        let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        throw CommandError("event \(source == "-" ? "from standard input" : source) is not JSON: \(reason)")
    }
    return Array(data)
}
