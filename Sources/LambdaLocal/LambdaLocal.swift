import ArgumentParser

/// `lambda-local`: run the functions of a `template.json` locally, as Lambda and API Gateway would.
@main
struct LambdaLocal: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lambda-local",
        abstract: "Run a template's Lambda functions locally: invoke, serve the Invoke API and the API routes, fire schedules, load-test.",
        subcommands: [
            InvokeCommand.self, StartCommand.self, ListCommand.self, SchedulesCommand.self, FireCommand.self,
            BenchCommand.self, PackageCommand.self,
        ]
    )
}
