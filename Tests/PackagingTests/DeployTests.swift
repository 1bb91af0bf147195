import Foundation
import Testing
import TestSupport

/// `build.sh deploy` runs the real AWS CLI (`aws s3 cp`, `aws cloudformation deploy`) against moto_server; the
/// test then reads every resource back with the CLI and compares it with template.json, resolved for this stack.
///
/// What moto 5.2.1 does not do, and how that part is checked instead:
/// - `AWS::ApiGateway::Stage`, `AWS::SecretsManager::Secret`: not supported by moto's CloudFormation (it warns and
///   skips them): the stage is checked in the template's JSON, and cfn-lint validates both against CloudFormation's
///   schema (lambda-local's tests create the secret in moto's Secrets Manager directly).
/// - Stack outputs: empty after a change-set deploy (what `aws cloudformation deploy` does): each output is
///   resolved against the deployed resources instead, so it must name real ones.
/// - Function `LoggingConfig`, bucket `LifecycleConfiguration` and `PublicAccessBlockConfiguration`: accepted but
///   not applied: checked in the template (and by cfn-lint) when moto answers that they are absent.
@Suite(.serialized) struct DeployTests {
    static let stackName = "swift-lambda-test"

    @Test func deploysTheTemplateWithEveryResourceAsDeclared() throws {
        let functions = try PackagedFunctions.get()
        let moto = try MotoServer()
        try moto.aws(["s3", "mb", "s3://artifacts"])
        let zips = try zipsForDeployment(functions)
        defer { try? FileManager.default.removeItem(at: zips) }

        let deploy = try Command.run("/bin/bash", [
            PackagedFunctions.script, "deploy", "--no-build", "--output", zips.path, "--bucket", "artifacts",
            "--prefix", "swift-lambda/", "--stack-name", Self.stackName, "--region", "us-east-1", "--endpoint-url", moto.endpoint,
        ], extraEnvironment: MotoServer.credentials)
        try #require(deploy.status == 0, "\(deploy.output)")
        #expect(deploy.output.contains("Successfully created/updated stack - \(Self.stackName)"))

        let stack = try #require((try moto.awsJSON(["cloudformation", "describe-stacks", "--stack-name", Self.stackName])["Stacks"] as? [[String: Any]])?.first)
        #expect(stack["StackStatus"] as? String == "CREATE_COMPLETE")
        let deployed = try DeployedStack(moto: moto, template: try Template.load(), stack: stack)
        try deployed.checkEveryResourceWasCreated()
        try deployed.checkFunctions(zips: zips)
        try deployed.checkLogGroups()
        try deployed.checkRolesAndPolicies()
        try deployed.checkPermissions()
        try deployed.checkSchedule()
        try deployed.checkBucket()
        try deployed.checkAPI()
        try deployed.checkOutputs()
    }

    @Test func cfnLintAcceptsTheTemplate() throws {
        let lint = try Command.run("cfn-lint", [Repository.root.appendingPathComponent("template.json").path])
        #expect(lint.status == 0, "\(lint.output)")
        #expect(lint.output.isEmpty, "\(lint.output)")
    }

    @Test func deployRefusesMissingBucketAndMissingZips() throws {
        let noBucket = try Command.run("/bin/bash", [PackagedFunctions.script, "deploy", "--no-build"])
        #expect(noBucket.status == 1)
        #expect(noBucket.standardError == "build.sh: error: deploy needs --bucket BUCKET (the S3 bucket for the zips)\n")
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("no-zips-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let noZips = try Command.run("/bin/bash", [PackagedFunctions.script, "deploy", "--no-build", "--bucket", "b", "--output", empty.path])
        #expect(noZips.status == 1)
        #expect(noZips.standardError.contains("build.sh: error: \(empty.path)/greetings.zip is missing: template.json deploys every function, so all must be built"), "\(noZips.output)")
    }

    /// The built zips, plus a placeholder for each function whose product has not landed on this branch yet (the
    /// template deploys all of them; moto stores code without running it).
    func zipsForDeployment(_ functions: PackagedFunctions) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deploy-zips-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for function in functions.declared {
            let destination = folder.appendingPathComponent("\(function).zip")
            if functions.built.contains(function) {
                try FileManager.default.copyItem(at: functions.zip(function), to: destination)
            } else {
                let stage = folder.appendingPathComponent("placeholder-\(function)")
                try FileManager.default.createDirectory(at: stage, withIntermediateDirectories: true)
                try "#!/bin/sh\necho '\(function) is not built on this branch' >&2\nexit 1\n"
                    .write(to: stage.appendingPathComponent("bootstrap"), atomically: true, encoding: .utf8)
                let zipper = Repository.root.appendingPathComponent("scripts/packaging/reproducible_zip.py").path
                let result = try Command.run("python3", [zipper, stage.path, destination.path])
                guard result.status == 0 else { throw CommandError(description: result.output) }
                try FileManager.default.removeItem(at: stage)
            }
        }
        return folder
    }
}

/// A stack deployed to moto, read back with the AWS CLI and compared with template.json.
struct DeployedStack {
    let moto: MotoServer
    let template: Template
    let stackResources: [[String: Any]]
    var resolver: TemplateResolver!

    /// Resource types moto 5.2.1's CloudFormation skips (checked in the template instead).
    static let refusedByMoto: Set = ["AWS::ApiGateway::Stage", "AWS::SecretsManager::Secret", "AWS::Lambda::Url"]
    /// What a `Ref` to a resource of `refusedByMoto` resolves to here.
    static let notDeployedMarker = "not-deployed-by-moto:"

    init(moto: MotoServer, template: Template, stack: [String: Any]) throws {
        self.moto = moto
        self.template = template
        stackResources = try moto.awsJSON(["cloudformation", "list-stack-resources", "--stack-name", DeployTests.stackName])["StackResourceSummaries"]
            as? [[String: Any]] ?? []
        var physicalIDs: [String: String] = [:]
        for resource in stackResources {
            if let logical = resource["LogicalResourceId"] as? String, let physical = resource["PhysicalResourceId"] as? String, !logical.isEmpty {
                physicalIDs[logical] = physical
            }
        }
        // Resources moto's CloudFormation skips have no physical id; a `Ref` to one resolves to a marker, and the
        // checks leave alone what holds it (the secret's ARN in apiProxy's role is checked in the template only).
        for (logicalID, resource) in template.resources where physicalIDs[logicalID] == nil {
            if let type = resource["Type"] as? String, Self.refusedByMoto.contains(type) {
                physicalIDs[logicalID] = Self.notDeployedMarker + logicalID
            }
        }
        var parameters: [String: String] = [:]
        for (name, body) in template.json["Parameters"] as? [String: [String: Any]] ?? [:] {
            parameters[name] = body["Default"] as? String
        }
        for parameter in stack["Parameters"] as? [[String: Any]] ?? [] {
            if let key = parameter["ParameterKey"] as? String { parameters[key] = parameter["ParameterValue"] as? String }
        }
        parameters["AWS::StackName"] = DeployTests.stackName
        let types = template.resources.compactMapValues { $0["Type"] as? String }
        let moto = moto
        resolver = TemplateResolver(template: template, parameters: parameters, physicalIDs: physicalIDs) { logicalID, name in
            let physical = physicalIDs[logicalID] ?? ""
            switch (types[logicalID] ?? "", name) {
            case ("AWS::S3::Bucket", "Arn"): return "arn:aws:s3:::\(physical)"
            case ("AWS::S3::Bucket", "RegionalDomainName"): return "\(physical).s3.us-east-1.amazonaws.com"
            case ("AWS::Logs::LogGroup", "Arn"): return "arn:aws:logs:us-east-1:123456789012:log-group:\(physical):*"
            case ("AWS::IAM::Role", "Arn"):
                return (try moto.awsJSON(["iam", "get-role", "--role-name", physical])["Role"] as? [String: Any])?["Arn"] as? String ?? ""
            case ("AWS::Lambda::Function", "Arn"):
                return try moto.awsJSON(["lambda", "get-function-configuration", "--function-name", physical])["FunctionArn"] as? String ?? ""
            case ("AWS::Events::Rule", "Arn"):
                return try moto.awsJSON(["events", "describe-rule", "--name", physical])["Arn"] as? String ?? ""
            case ("AWS::ApiGateway::RestApi", "RootResourceId"):
                let items = try moto.awsJSON(["apigateway", "get-resources", "--rest-api-id", physical])["items"] as? [[String: Any]] ?? []
                return items.first { $0["path"] as? String == "/" }?["id"] as? String ?? ""
            default: throw CommandError(description: "the test does not know Fn::GetAtt \(logicalID).\(name)")
            }
        }
    }

    func physicalID(_ logicalID: String) -> String { resolver.physicalIDs[logicalID] ?? "" }

    /// Log group ARNs with and without the `:*` CloudFormation's `Arn` attribute carries (moto leaves it out).
    func normalized(_ value: Any) -> Any {
        switch value {
        case let text as String where text.hasPrefix("arn:aws:logs:") && text.hasSuffix(":*"): return String(text.dropLast(2))
        case let object as [String: Any]: return object.mapValues(normalized)
        case let array as [Any]: return array.map(normalized)
        default: return value
        }
    }

    func same(_ left: Any, _ right: Any) -> Bool {
        NSDictionary(dictionary: ["v": normalized(left)]).isEqual(to: ["v": normalized(right)])
    }

    func checkEveryResourceWasCreated() throws {
        let created = Dictionary(stackResources.compactMap { resource -> (String, String)? in
            guard let id = resource["LogicalResourceId"] as? String, !id.isEmpty else { return nil }
            return (id, resource["ResourceStatus"] as? String ?? "")
        }, uniquingKeysWith: { first, _ in first })
        for (logicalID, resource) in template.resources {
            let type = resource["Type"] as? String ?? ""
            if Self.refusedByMoto.contains(type) { continue }
            #expect(created[logicalID] == "CREATE_COMPLETE", "\(logicalID) (\(type)): \(created[logicalID] ?? "missing")")
        }
        // What moto skips is still declared: the streaming function's URL, and the prod stage of the API's deployment.
        let urls = template.resources(ofType: "AWS::Lambda::Url")
        #expect(urls.count == 1)
        let url = template.properties(urls.first ?? "")
        #expect(url["InvokeMode"] as? String == "RESPONSE_STREAM")
        #expect(same(url["TargetFunctionArn"] ?? "", ["Fn::GetAtt": ["StreamingGreetingsFunction", "Arn"]]))
        let stages = template.resources(ofType: "AWS::ApiGateway::Stage")
        #expect(stages.count == 1)
        let stage = template.properties(stages.first ?? "")
        #expect(stage["StageName"] as? String == "prod")
        #expect(same(stage["DeploymentId"] ?? "", ["Ref": template.resources(ofType: "AWS::ApiGateway::Deployment").first ?? "?"]))
        #expect(same(stage["RestApiId"] ?? "", ["Ref": template.resources(ofType: "AWS::ApiGateway::RestApi").first ?? "?"]))
    }

    func checkFunctions(zips: URL) throws {
        let logicalIDs = template.resources(ofType: "AWS::Lambda::Function")
        #expect(logicalIDs.count == 6)
        for logicalID in logicalIDs {
            let declared = try #require(try resolver.resolve(template.properties(logicalID)) as? [String: Any])
            let name = try #require(declared["FunctionName"] as? String)
            #expect(physicalID(logicalID) == name)
            let actual = try moto.awsJSON(["lambda", "get-function-configuration", "--function-name", name])
            for key in ["Runtime", "Handler", "MemorySize", "Timeout", "Description", "Role", "Architectures"] {
                #expect(same(actual[key] ?? "absent", declared[key] ?? "absent"), "\(name).\(key): \(actual[key] ?? "absent") ≠ \(declared[key] ?? "absent")")
            }
            #expect(actual["Runtime"] as? String == "provided.al2023", "the default runtime")
            let variables = (actual["Environment"] as? [String: Any])?["Variables"] as? [String: Any] ?? [:]
            // A variable that refers to a resource moto does not deploy (apiProxy's secret) is not set by moto either.
            let declaredVariables = ((declared["Environment"] as? [String: Any])?["Variables"] as? [String: Any] ?? [:])
                .filter { !"\($0.value)".hasPrefix(DeployedStack.notDeployedMarker) }
            #expect(same(variables, declaredVariables), "\(name) environment: \(variables) ≠ \(declaredVariables)")
            // The code is the zip build.sh uploaded, under a content-addressed prefix.
            let product = try #require(template.product(of: logicalID))
            let code = try moto.awsJSON(["lambda", "get-function", "--function-name", name])["Code"] as? [String: Any]
            let location = code?["Location"] as? String ?? ""
            #expect(location.range(of: #"/swift-lambda/[0-9a-f]{16}/\#(product)\.zip$"#, options: .regularExpression) != nil, "\(location)")
            let digest = try sha256(zips.appendingPathComponent("\(product).zip"))
            #expect(actual["CodeSha256"] as? String == base64(hex: digest), "\(name)")
            // Logging: moto drops LoggingConfig; the template must send each function's logs to its own group.
            let logging = try #require(declared["LoggingConfig"] as? [String: Any], "\(name) has a LoggingConfig")
            #expect(logging["LogGroup"] as? String == "/aws/lambda/\(name)", "\(name)")
            #expect(logging["LogFormat"] as? String == template.parameterDefault("LogFormat"))
            if let actualLogging = actual["LoggingConfig"] as? [String: Any] {
                #expect(actualLogging["LogGroup"] as? String == "/aws/lambda/\(name)")
            }
        }
    }

    func checkLogGroups() throws {
        let groups = try moto.awsJSON(["logs", "describe-log-groups", "--log-group-name-prefix", "/aws/lambda/"])["logGroups"] as? [[String: Any]] ?? []
        for logicalID in template.resources(ofType: "AWS::Logs::LogGroup") {
            let declared = try #require(try resolver.resolve(template.properties(logicalID)) as? [String: Any])
            let group = groups.first { $0["logGroupName"] as? String == declared["LogGroupName"] as? String }
            #expect(group != nil, "\(logicalID)")
            #expect(group?["retentionInDays"] as? Int == declared["RetentionInDays"] as? Int, "\(logicalID)")
        }
    }

    func checkRolesAndPolicies() throws {
        let roles = template.resources(ofType: "AWS::IAM::Role")
        #expect(roles.count == 6)
        for logicalID in roles {
            let declared = try #require(try resolver.resolve(template.properties(logicalID)) as? [String: Any])
            let role = try #require(try moto.awsJSON(["iam", "get-role", "--role-name", physicalID(logicalID)])["Role"] as? [String: Any])
            #expect(same(try document(role["AssumeRolePolicyDocument"]), declared["AssumeRolePolicyDocument"] ?? ""), "\(logicalID)")
            let policies = declared["Policies"] as? [[String: Any]] ?? []
            let names = try moto.awsJSON(["iam", "list-role-policies", "--role-name", physicalID(logicalID)])["PolicyNames"] as? [String]
            #expect(names?.sorted() == policies.compactMap { $0["PolicyName"] as? String }.sorted(), "\(logicalID)")
            for policy in policies {
                let name = policy["PolicyName"] as? String ?? ""
                if "\(policy["PolicyDocument"] ?? "")".contains(Self.notDeployedMarker) { continue }
                let actual = try moto.awsJSON(["iam", "get-role-policy", "--role-name", physicalID(logicalID), "--policy-name", name])
                let actualDocument = try document(actual["PolicyDocument"])
                #expect(same(actualDocument, policy["PolicyDocument"] ?? ""), "\(logicalID)/\(name):\n\(actualDocument)\n≠\n\(policy["PolicyDocument"] ?? "")")
            }
        }
        // The book's least privilege for purge (listing 5.7), as resolved for this stack.
        let purge = try #require(try resolver.resolve(template.properties("PurgeBucketByPrefixRole")) as? [String: Any])
        let statements = ((purge["Policies"] as? [[String: Any]])?.first?["PolicyDocument"] as? [String: Any])?["Statement"] as? [[String: Any]] ?? []
        let bucket = physicalID("FacesBucket")
        #expect(statements.contains { same($0["Action"] ?? "", ["s3:ListBucket"]) && $0["Resource"] as? String == "arn:aws:s3:::\(bucket)"
            && same($0["Condition"] ?? "", ["StringLike": ["s3:prefix": ["tmp/*"]]]) })
        #expect(statements.contains { same($0["Action"] ?? "", ["s3:DeleteObject"]) && $0["Resource"] as? String == "arn:aws:s3:::\(bucket)/tmp/*" })
        // faceDetection reads s3:// images only under the input prefix of its own bucket.
        let faces = try #require(try resolver.resolve(template.properties("FaceDetectionRole")) as? [String: Any])
        let faceStatements = ((faces["Policies"] as? [[String: Any]])?.first?["PolicyDocument"] as? [String: Any])?["Statement"] as? [[String: Any]] ?? []
        let reads = faceStatements.filter { same($0["Action"] ?? "", ["s3:GetObject"]) }
        #expect(reads.count == 1 && reads.first?["Resource"] as? String == "arn:aws:s3:::\(bucket)/uploads/*", "\(faceStatements)")
    }

    /// A policy document as the CLI prints it: an object (AWS), JSON text, or Python's repr of a dict (moto).
    func document(_ value: Any?) throws -> Any {
        if let object = value as? [String: Any] { return object }
        guard let text = value as? String else { throw CommandError(description: "no policy document: \(value ?? "nil")") }
        if let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) { return object }
        let python = try Command.run("python3", ["-c", "import ast, json, sys; print(json.dumps(ast.literal_eval(sys.argv[1])))", text])
        return try JSONSerialization.jsonObject(with: Data(python.standardOutput.utf8))
    }

    func checkPermissions() throws {
        let permissions = template.resources(ofType: "AWS::Lambda::Permission")
        #expect(permissions.count == 5)
        for logicalID in permissions {
            let declared = try #require(try resolver.resolve(template.properties(logicalID)) as? [String: Any])
            let function = declared["FunctionName"] as? String ?? ""
            let policyText = try moto.awsJSON(["lambda", "get-policy", "--function-name", function])["Policy"] as? String ?? ""
            let policy = try document(policyText) as? [String: Any]
            let statements = policy?["Statement"] as? [[String: Any]] ?? []
            let match = statements.contains {
                $0["Action"] as? String == declared["Action"] as? String
                    && ($0["Principal"] as? [String: Any])?["Service"] as? String == declared["Principal"] as? String
                    && (($0["Condition"] as? [String: Any])?["ArnLike"] as? [String: Any])?["AWS:SourceArn"] as? String == declared["SourceArn"] as? String
            }
            #expect(match, "\(logicalID): \(declared) not in \(statements)")
        }
    }

    func checkSchedule() throws {
        let rules = template.resources(ofType: "AWS::Events::Rule")
        #expect(rules.count == 1)
        for logicalID in rules {
            let declared = try #require(try resolver.resolve(template.properties(logicalID)) as? [String: Any])
            let listed = try moto.awsJSON(["events", "list-rules"])["Rules"] as? [[String: Any]] ?? []
            let rule = try #require(listed.first { $0["Name"] as? String == physicalID(logicalID) }, "\(listed)")
            #expect(rule["ScheduleExpression"] as? String == "rate(1 hour)")
            for key in ["ScheduleExpression", "State", "Description"] {
                #expect(rule[key] as? String == declared[key] as? String, "\(key)")
            }
            let targets = try moto.awsJSON(["events", "list-targets-by-rule", "--rule", physicalID(logicalID)])["Targets"] as? [[String: Any]] ?? []
            #expect(same(targets, declared["Targets"] ?? []), "\(targets)")
            let purgeARN = try resolver.string(["Fn::GetAtt": ["PurgeBucketByPrefixFunction", "Arn"]])
            #expect(targets.map { $0["Arn"] as? String } == [purgeARN])
        }
    }

    func checkBucket() throws {
        let logicalID = try #require(template.resources(ofType: "AWS::S3::Bucket").first)
        let bucket = physicalID(logicalID)
        let declared = try #require(try resolver.resolve(template.properties(logicalID)) as? [String: Any])
        try moto.aws(["s3api", "head-bucket", "--bucket", bucket])
        let encryption = try moto.awsJSON(["s3api", "get-bucket-encryption", "--bucket", bucket])["ServerSideEncryptionConfiguration"] as? [String: Any]
        let algorithm = ((encryption?["Rules"] as? [[String: Any]])?.first?["ApplyServerSideEncryptionByDefault"] as? [String: Any])?["SSEAlgorithm"] as? String
        #expect(algorithm == "AES256")
        // Lifecycle: tmp/ (and thumbs/) expire after a day. moto ignores the property; compare when it applies it.
        let rules = (declared["LifecycleConfiguration"] as? [String: Any])?["Rules"] as? [[String: Any]] ?? []
        #expect(rules.contains { $0["Prefix"] as? String == "tmp/" && $0["ExpirationInDays"] as? Int == 1 && $0["Status"] as? String == "Enabled" })
        let lifecycle = try Command.run("aws", ["--endpoint-url", moto.endpoint, "s3api", "get-bucket-lifecycle-configuration", "--bucket", bucket, "--output", "json"],
                                        extraEnvironment: MotoServer.credentials)
        if lifecycle.status == 0 {
            let applied = (try JSONSerialization.jsonObject(with: Data(lifecycle.standardOutput.utf8)) as? [String: Any])?["Rules"] as? [[String: Any]] ?? []
            for rule in rules {
                let prefix = rule["Prefix"] as? String
                #expect(applied.contains { ($0["Filter"] as? [String: Any])?["Prefix"] as? String == prefix || $0["Prefix"] as? String == prefix }, "\(prefix ?? "")")
            }
        } else {
            #expect(lifecycle.standardError.contains("NoSuchLifecycleConfiguration"), "\(lifecycle.output)")
        }
        let block = declared["PublicAccessBlockConfiguration"] as? [String: Bool] ?? [:]
        #expect(block == ["BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true])
    }

    func checkAPI() throws {
        let apiID = try #require(template.resources(ofType: "AWS::ApiGateway::RestApi").first)
        let items = try moto.awsJSON(["apigateway", "get-resources", "--rest-api-id", physicalID(apiID)])["items"] as? [[String: Any]] ?? []
        let byPath = Dictionary(items.compactMap { item in (item["path"] as? String).map { ($0, item) } }, uniquingKeysWith: { first, _ in first })
        #expect(byPath.keys.sorted() == [
            "/", "/greeting", "/my-ip", "/submissions", "/submissions/{id}", "/user", "/user/{username}", "/user/{username}/greet",
        ])
        var checked: [String] = []
        for logicalID in template.resources(ofType: "AWS::ApiGateway::Method") {
            let declared = try #require(try resolver.resolve(template.properties(logicalID)) as? [String: Any])
            let resourceID = declared["ResourceId"] as? String
            let path = try #require(items.first { $0["id"] as? String == resourceID }?["path"] as? String, "\(logicalID)")
            let httpMethod = declared["HttpMethod"] as? String ?? ""
            let method = (byPath[path]?["resourceMethods"] as? [String: Any])?[httpMethod] as? [String: Any]
            #expect(method?["authorizationType"] as? String == declared["AuthorizationType"] as? String, "\(logicalID)")
            let integration = method?["methodIntegration"] as? [String: Any]
            let declaredIntegration = declared["Integration"] as? [String: Any]
            #expect(integration?["type"] as? String == "AWS_PROXY", "\(logicalID)")
            for (actualKey, declaredKey) in [("type", "Type"), ("httpMethod", "IntegrationHttpMethod"), ("uri", "Uri")] {
                #expect(integration?[actualKey] as? String == declaredIntegration?[declaredKey] as? String, "\(logicalID).\(declaredKey)")
            }
            checked.append("\(httpMethod) \(path)")
        }
        #expect(checked.sorted() == ["GET /greeting", "GET /my-ip", "GET /user/{username}/greet", "PUT /submissions/{id}"])
        let deployments = try moto.awsJSON(["apigateway", "get-deployments", "--rest-api-id", physicalID(apiID)])["items"] as? [[String: Any]] ?? []
        #expect(deployments.count == 1)
    }

    func checkOutputs() throws {
        let outputs = template.json["Outputs"] as? [String: [String: Any]] ?? [:]
        #expect(Set(outputs.keys) == ["ApiUrl", "FacesBucket", "GreetingsFunctionArn", "WhatIsMyIpFunctionArn", "FaceDetectionFunctionArn", "PurgeBucketByPrefixFunctionArn", "ApiProxyFunctionArn", "ApiProxyAdminKey"])
        let api = physicalID(template.resources(ofType: "AWS::ApiGateway::RestApi").first ?? "")
        #expect(try resolver.string(outputs["ApiUrl"]?["Value"] ?? "") == "https://\(api).execute-api.us-east-1.amazonaws.com/prod")
        #expect(try resolver.string(outputs["FacesBucket"]?["Value"] ?? "") == physicalID("FacesBucket"))
        for product in ["greetings", "whatIsMyIp", "faceDetection", "purgeBucketByPrefix", "apiProxy"] {
            let key = product.prefix(1).uppercased() + product.dropFirst() + "FunctionArn"
            let arn = try resolver.string(outputs[key]?["Value"] ?? "")
            #expect(arn == "arn:aws:lambda:us-east-1:123456789012:function:\(product)", "\(key)")
        }
    }
}

/// Lambda's CodeSha256: the base64 of the zip's SHA-256.
func base64(hex: String) -> String {
    var bytes: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
        bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
        index = next
    }
    return Data(bytes).base64EncodedString()
}
