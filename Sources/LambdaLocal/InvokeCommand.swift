import ArgumentParser
import Foundation
import LambdaEmulator

/// Invokes one function once and prints its result, with the log on standard error.
struct InvokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invoke",
        abstract: "Invoke a function once; print the result on standard output and the log on standard error.",
        discussion: "Exits with status 1 when the function fails (the error JSON is still printed).")

    @OptionGroup var stack: StackOptions

    @OptionGroup var buckets: BucketOptions

    @OptionGroup var services: ServicesOptions

    @Argument(help: "The function's name or logical id.")
    var function: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Event JSON file, or - for standard input (default {}).", valueName: "file"))
    var event: String?

    func run() async throws {
        let template = try stack.loadTemplate()
        let definition = try stack.function(function, in: template)
        let payload = try readEvent(event)
        let located = try stack.locate(template)
        if located.missing.contains(definition.name) {
            FileHandle.standardError.write(Data("warning: no bootstrap found for \(definition.name); build it or pass --code \(definition.name)=PATH\n".utf8))
        }
        let localServices = try await services.startForCommand(template)
        let configuration: EmulatorConfiguration
        do {
            configuration = try stack.emulatorConfiguration(services: localServices.endpoint)
            for name in try await buckets.prepare(template, configuration: configuration, services: localServices.endpoint).created {
                FileHandle.standardError.write(Data("note: created bucket \(name)\n".utf8))
            }
        } catch {
            await localServices.stop()
            throw error
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
