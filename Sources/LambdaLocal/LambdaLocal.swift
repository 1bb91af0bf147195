import ArgumentParser

/// `lambda-local`: run the functions of a `template.json` locally, as Lambda and API Gateway would.
@main
struct LambdaLocal: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lambda-local",
        abstract: "Run a template's Lambda functions locally: invoke, serve the Invoke API and the API routes, load-test.",
        subcommands: [InvokeCommand.self, StartCommand.self, ListCommand.self, BenchCommand.self]
    )
}
