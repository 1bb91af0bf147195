import ArgumentParser
import Foundation
import LambdaEmulator

/// Fires one schedule rule now, as its schedule would, and prints what its functions returned.
struct FireCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fire",
        abstract: "Fire one schedule rule now: invoke its target functions asynchronously with a Scheduled Event (or their Input).",
        discussion: """
            Fires the rule even when it is DISABLED. Each invocation goes through the Event path, as EventBridge's do; \
            the command waits for them, prints each function's result on standard output and the log (with the \
            request ids) on standard error. Exits with status 1 when a function fails.
            """)

    @OptionGroup var stack: StackOptions

    @OptionGroup var buckets: BucketOptions

    @OptionGroup var services: ServicesOptions

    @Argument(help: "The rule's Name or logical id.")
    var rule: String

    func run() async throws {
        let template = try stack.loadTemplate()
        let located = try stack.locate(template)
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
        let (finished, finishing) = AsyncStream<InvocationResult>.makeStream()
        let schedules: LocalSchedules
        do {
            schedules = try LocalSchedules(template: template, lambda: lambda) { _, result in finishing.yield(result) }
        } catch {
            throw CommandError(error.description)
        }
        guard let found = schedules.rule(named: rule) else {
            let names = schedules.rules.map(\.name).joined(separator: ", ")
            throw CommandError("schedule rule not found: \(rule) (rules in \(stack.template): \(names.isEmpty ? "none" : names))")
        }
        for warning in found.warnings { note("warning: \(warning)") }
        let functions = found.targets.compactMap(\.functionName)
        guard !functions.isEmpty else { throw CommandError("schedule rule \(found.name) has no target function in this template") }
        for name in Set(functions).sorted() where located.missing.contains(name) {
            note("warning: no bootstrap found for \(name); build it or pass --code \(name)=PATH")
        }
        if !found.isEnabled { note("note: schedule rule \(found.name) is DISABLED; firing it anyway, as asked") }

        let firings = schedules.fireNow(ruleNamed: found.name) ?? []
        let invoked = firings.compactMap(\.requestID).count
        var results: [String: InvocationResult] = [:]
        var iterator = finished.makeAsyncIterator()
        while results.count < invoked, let result = await iterator.next() { results[result.requestID] = result }
        await lambda.shutdown()
        // (Any earlier exit ends the services too: their parent-death signal.)
        await localServices.stop()
        var failed = false
        for firing in firings {
            guard let requestID = firing.requestID, let result = results[requestID] else {
                failed = true
                continue
            }
            FileHandle.standardOutput.write(Data(result.payload + [UInt8(ascii: "\n")]))
            failed = failed || result.functionError != nil
        }
        if failed { throw ExitCode(1) }
    }

    private func note(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
