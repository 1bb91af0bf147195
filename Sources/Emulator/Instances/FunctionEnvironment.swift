import Foundation

/// The environment Lambda gives a `provided` runtime (reserved variables win over the function's own).
enum FunctionEnvironment {
    /// Variables a function cannot set (Lambda rejects them at deploy time; locally they are ignored).
    static let reserved: Set<String> = [
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE",
        "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT",
        "LAMBDA_RUNTIME_DIR", "AWS_LAMBDA_MAX_CONCURRENCY",
    ]

    static func make(for function: LocalFunction, configuration: EmulatorConfiguration, runtimeAPI: String)
        -> [String: String]
    {
        let definition = function.definition
        let hostPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        var environment: [String: String] = [
            // Lambda's PATH, after the host's so that locally installed interpreters are found.
            "PATH": hostPath + ":/usr/local/bin:/usr/bin/:/bin:/opt/bin",
            "LD_LIBRARY_PATH": "\(function.taskRoot)/lib:/lib64:/usr/lib64:\(function.taskRoot)",
            "LANG": "en_US.UTF-8",
            "TZ": ":UTC",
            "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
            "AWS_XRAY_DAEMON_ADDRESS": "127.0.0.1:2000",
        ]
        environment.merge(configuration.extraEnvironment) { $1 }
        for (key, value) in definition.environment where !reserved.contains(key) && !key.hasPrefix("_") {
            environment[key] = value
        }
        let day = Date().formatted(.iso8601.year().month().day().dateSeparator(.omitted))
        let logDay = "\(day.prefix(4))/\(day.dropFirst(4).prefix(2))/\(day.suffix(2))"
        environment.merge(configuration.credentials) { $1 }
        environment.merge([
            "_HANDLER": definition.handler,
            "LAMBDA_TASK_ROOT": function.taskRoot,
            "LAMBDA_RUNTIME_DIR": "/var/runtime",
            "AWS_LAMBDA_RUNTIME_API": runtimeAPI,
            "AWS_LAMBDA_FUNCTION_NAME": definition.name,
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": String(definition.memorySize),
            "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
            "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/\(definition.name)",
            "AWS_LAMBDA_LOG_STREAM_NAME": "\(logDay)/[$LATEST]\(Invocation.randomHex(32))",
            "AWS_REGION": configuration.region,
            "AWS_DEFAULT_REGION": configuration.region,
        ]) { $1 }
        // Lambda Managed Instances: the runtime runs this many invocations at once in the one process.
        if function.perProcessConcurrency > 1 {
            environment["AWS_LAMBDA_MAX_CONCURRENCY"] = String(function.perProcessConcurrency)
        }
        return environment
    }
}
