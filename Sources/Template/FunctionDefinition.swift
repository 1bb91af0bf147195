/// An `AWS::Lambda::Function` of a template, with its properties resolved for local use.
public struct FunctionDefinition: Sendable, Equatable {
    /// The resource's logical id, e.g. `GreetingsFunction`.
    public var logicalID: String
    /// `FunctionName`, or the logical id when the template leaves the name to CloudFormation.
    public var name: String
    /// The `Handler` setting (`_HANDLER` in the function's environment); empty when absent.
    public var handler: String
    /// The `Runtime` setting, e.g. `provided.al2023`; nil when absent (container images).
    public var runtime: String?
    /// Memory in MB; 128 when absent, as Lambda defaults.
    public var memorySize: Int
    /// Timeout in seconds; 3 when absent, as Lambda defaults.
    public var timeout: Int
    /// `Environment.Variables`, with `Ref`, `Fn::Sub`, `Fn::GetAtt` and `Fn::Join` resolved (or placeholders).
    public var environment: [String: String]
    /// The local executable product that runs this function (`Metadata.SwiftLambda.Product`), if declared.
    public var product: String?
    /// Invocations one execution environment serves at once: Lambda Managed Instances'
    /// `CapacityProviderConfig.LambdaManagedInstancesCapacityProviderConfig.PerExecutionEnvironmentMaxConcurrency`
    /// (1…1600); 1 when absent, Lambda's classic one invocation per environment.
    public var perProcessConcurrency = 1

    /// Creates a function definition.
    /// - Parameters:
    ///   - logicalID: The resource's logical id.
    ///   - name: The function name.
    ///   - handler: The handler string.
    ///   - runtime: The runtime identifier.
    ///   - memorySize: Memory in MB.
    ///   - timeout: Timeout in seconds.
    ///   - environment: The function's own environment variables.
    ///   - product: The local executable product that runs the function.
    public init(
        logicalID: String, name: String, handler: String = "", runtime: String? = "provided.al2023",
        memorySize: Int = 128, timeout: Int = 3, environment: [String: String] = [:], product: String? = nil
    ) {
        self.logicalID = logicalID
        self.name = name
        self.handler = handler
        self.runtime = runtime
        self.memorySize = memorySize
        self.timeout = timeout
        self.environment = environment
        self.product = product
    }
}
