import ArgumentParser
import Foundation
import LambdaEmulator
import StackTemplate

/// Invokes one function once and prints its result, with the log on standard error.
struct InvokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invoke",
        abstract: "Invoke a function once; print the result on standard output and the log on standard error.",
        discussion: "Exits with status 1 when the function fails (the error JSON is still printed).")

    @OptionGroup var stack: StackOptions

    @OptionGroup var buckets: BucketOptions

    @OptionGroup var secrets: SecretOptions

    @OptionGroup var services: ServicesOptions

    @Argument(help: "The function's name or logical id.")
    var function: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Event JSON file, or - for standard input (default {}).", valueName: "file"))
    var event: String?

    func run() async throws {
        let declared = try stack.loadTemplate()
        _ = try stack.function(function, in: declared)
        let payload = try readEvent(event)
        let localServices = try await services.startForCommand(declared)
        let template: StackTemplate
        let located: (functions: [LocalFunction], missing: [String])
        let configuration: EmulatorConfiguration
        do {
            configuration = try stack.emulatorConfiguration(services: localServices.endpoint)
            // Before the function starts: its environment gets the values of its dynamic references.
            let prepared = try await secrets.prepare(
                declared, configuration: configuration, function: function, environment: localServices.environment)
            template = prepared.template
            for line in prepared.lines where line.hasPrefix("note: ") {
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
            for name in prepared.created {
                FileHandle.standardError.write(Data("note: created \(name)\n".utf8))
            }
            for name in try await buckets.prepare(template, configuration: configuration, services: localServices.endpoint).created {
                FileHandle.standardError.write(Data("note: created bucket \(name)\n".utf8))
            }
            located = try stack.locate(template)
        } catch {
            await localServices.stop()
            throw error
        }
        let definition = try stack.function(function, in: template)
        if located.missing.contains(definition.name) {
            FileHandle.standardError.write(Data("warning: no bootstrap found for \(definition.name); build it or pass --code \(definition.name)=PATH\n".utf8))
        }
        let lambda = LocalLambda(functions: located.functions, configuration: configuration)
        let result = try await lambda.invoke(definition.name, request: InvocationRequest(payload: payload))
        await lambda.shutdown()
        // (Any earlier exit ends the services too: their parent-death signal.)
        await localServices.stop()
        FileHandle.standardOutput.write(Data(result.payload + [UInt8(ascii: "\n")]))
        if result.functionError != nil { throw ExitCode(1) }
    }
}
