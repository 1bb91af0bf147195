import Foundation

/// A CloudFormation `template.json` read into what a local emulator needs: functions, API routes, schedules.
///
/// Intrinsic functions are resolved where a local run can know the answer: `Ref` to parameters (checked
/// against their constraints) and pseudo parameters, `Fn::Sub`, `Fn::Join`, `Fn::If` and the template's
/// `Conditions`, `Fn::Select`, `Fn::Split`, `Fn::FindInMap`, and the names and ARNs of functions, buckets, log
/// groups, roles and tables (a name the template leaves to CloudFormation is made from the stack name and
/// logical id, the same on every run). Anything else becomes a readable placeholder such as
/// `<Api.RootResourceId>` instead of failing, since only a deployment knows those values. Resources whose
/// `Condition` is false are left out.
public struct StackTemplate: Sendable {
    /// Settings that stand in for what a deployment would know.
    public struct Environment: Sendable {
        /// Region for `AWS::Region` and ARNs.
        public var region: String
        /// Account id for `AWS::AccountId` and ARNs.
        public var accountID: String
        /// Stack name for `AWS::StackName` and generated resource names.
        public var stackName: String
        /// Values that override the templates' parameter defaults, by parameter name.
        public var parameterOverrides: [String: String]

        /// Creates the settings.
        /// - Parameters:
        ///   - region: Region for `AWS::Region`.
        ///   - accountID: Account id for `AWS::AccountId`.
        ///   - stackName: Stack name for `AWS::StackName`.
        ///   - parameterOverrides: Parameter values that override defaults.
        public init(
            region: String = "us-east-1", accountID: String = "123456789012", stackName: String = "local",
            parameterOverrides: [String: String] = [:]
        ) {
            self.region = region
            self.accountID = accountID
            self.stackName = stackName
            self.parameterOverrides = parameterOverrides
        }
    }

    /// The template's functions, sorted by name.
    public var functions: [FunctionDefinition]
    /// The REST API routes with `AWS_PROXY` Lambda integrations, sorted by path then method.
    public var routes: [APIRoute]
    /// The scheduled `AWS::Events::Rule`s, sorted by logical id.
    public var schedules: [ScheduleRule]
    /// The `AWS::S3::Bucket`s with their names, sorted by logical id.
    public var buckets: [BucketDefinition]
    /// The `AWS::SecretsManager::Secret`s with their names and initial values, sorted by logical id.
    public var secrets: [SecretDefinition]
    /// The `AWS::SSM::Parameter`s with their names and values, sorted by logical id.
    public var ssmParameters: [SSMParameterDefinition]
    /// Parameter values in force (defaults with overrides applied), by name.
    public var parameters: [String: String]
    /// The REST API stage name (`AWS::ApiGateway::Stage` or `Deployment` `StageName`), `Prod` when absent.
    public var stageName: String
    /// Things the template declares that a local run ignores, in words (e.g. non-proxy integrations).
    public var warnings: [String]
    /// The settings used for resolution.
    public var environment: Environment

    /// Reads a template file.
    /// - Parameters:
    ///   - path: Path of `template.json`.
    ///   - environment: Region, account, stack name and parameter overrides.
    /// - Throws: `TemplateError` for a missing, unreadable or malformed template, or as ``init(data:environment:)``.
    public init(contentsOfFile path: String, environment: Environment = .init()) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw TemplateError.fileNotFound(path: path) }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw TemplateError.unreadable(path: path, reason: "\(error.localizedDescription)")
        }
        try self.init(data: data, environment: environment)
    }

    /// Reads a template from JSON bytes.
    /// - Parameters:
    ///   - data: The template's JSON text.
    ///   - environment: Region, account, stack name and parameter overrides.
    /// - Throws: `TemplateError` for malformed JSON or resources, an unknown parameter, a parameter value that
    ///   breaks the parameter's constraints, or an invalid stack name.
    public init(data: Data, environment: Environment = .init()) throws {
        guard Self.isValidStackName(environment.stackName) else { throw TemplateError.invalidStackName(environment.stackName) }
        let root: TemplateValue
        do {
            root = try JSONDecoder().decode(TemplateValue.self, from: data)
        } catch let error as DecodingError {
            throw TemplateError.invalidJSON(reason: Self.describe(error))
        } catch {
            throw TemplateError.invalidJSON(reason: "\(error)")
        }
        guard let resources = root["Resources"]?.objectValue else { throw TemplateError.noResources }
        var resolver = Resolver(
            environment: environment, resources: resources, conditions: root["Conditions"]?.objectValue ?? [:],
            mappings: root["Mappings"]?.objectValue ?? [:])
        try resolver.loadParameters(root["Parameters"]?.objectValue ?? [:])
        self.environment = environment
        self.parameters = resolver.parameters
        self.functions = try Self.readFunctions(resources, resolver: resolver)
        try Self.checkDynamicReferences(functions)
        var warnings: [String] = []
        self.routes = try Self.readRoutes(resources, resolver: resolver, warnings: &warnings)
        self.schedules = try Self.readSchedules(resources, resolver: resolver)
        self.buckets = try Self.readBuckets(resources, resolver: resolver)
        self.secrets = try Self.readSecrets(resources, resolver: resolver)
        self.ssmParameters = try Self.readSSMParameters(resources, resolver: resolver)
        self.stageName = Self.readStageName(resources, resolver: resolver)
        self.warnings = warnings
    }

    /// Finds a function by name, logical id or ARN (`arn:aws:lambda:region:account:function:name`).
    /// - Parameter identifier: A function name, logical id or ARN.
    /// - Returns: The function, or nil.
    public func function(named identifier: String) -> FunctionDefinition? {
        let name = identifier.split(separator: ":", omittingEmptySubsequences: false).count >= 7
            ? String(identifier.split(separator: ":", omittingEmptySubsequences: false)[6]) : identifier
        return functions.first { $0.name == name } ?? functions.first { $0.logicalID == name }
    }

    /// CloudFormation's rule: a letter, then letters, digits and hyphens, 128 characters at most.
    private static func isValidStackName(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter, name.count <= 128 else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey]
            return (underlying as? String) ?? context.debugDescription
        default:
            return "\(error)"
        }
    }
}
