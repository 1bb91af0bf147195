import Foundation
import StackTemplate
import Testing

@Suite struct StackTemplateTests {
    static let template = #"""
        {
          "AWSTemplateFormatVersion": "2010-09-09",
          "Parameters": {
            "Runtime": {"Type": "String", "Default": "provided.al2023"},
            "Greeting": {"Type": "String", "Default": "Hello"},
            "Bucket": {"Type": "String"}
          },
          "Resources": {
            "Greetings": {
              "Type": "AWS::Lambda::Function",
              "Metadata": {"SwiftLambda": {"Product": "greetings"}},
              "Properties": {
                "FunctionName": {"Fn::Sub": "${AWS::StackName}-greetings"},
                "Handler": "greetings", "Runtime": {"Ref": "Runtime"}, "MemorySize": 256, "Timeout": "10",
                "Environment": {"Variables": {
                  "GREETING": {"Ref": "Greeting"},
                  "SELF_ARN": {"Fn::GetAtt": ["Greetings", "Arn"]},
                  "TABLE": {"Fn::GetAtt": "Table.Arn"},
                  "JOINED": {"Fn::Join": ["/", ["a", {"Ref": "AWS::Region"}, 3]]},
                  "SUBBED": {"Fn::Sub": ["${Greeting}-${X}-${!Literal}", {"X": {"Ref": "AWS::AccountId"}}]},
                  "GONE": {"Ref": "AWS::NoValue"},
                  "OTHER": {"Fn::If": ["C", "a", "b"]}
                }}
              }
            },
            "Ip": {"Type": "AWS::Lambda::Function", "Properties": {"Handler": "ip"}},
            "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "book"}},
            "GreetingResource": {"Type": "AWS::ApiGateway::Resource", "Properties": {
              "RestApiId": {"Ref": "Api"}, "ParentId": {"Fn::GetAtt": ["Api", "RootResourceId"]}, "PathPart": "greeting"}},
            "UserResource": {"Type": "AWS::ApiGateway::Resource", "Properties": {
              "RestApiId": {"Ref": "Api"}, "ParentId": {"Fn::GetAtt": ["Api", "RootResourceId"]}, "PathPart": "user"}},
            "UsernameResource": {"Type": "AWS::ApiGateway::Resource", "Properties": {
              "RestApiId": {"Ref": "Api"}, "ParentId": {"Ref": "UserResource"}, "PathPart": "{username}"}},
            "GreetResource": {"Type": "AWS::ApiGateway::Resource", "Properties": {
              "RestApiId": {"Ref": "Api"}, "ParentId": {"Ref": "UsernameResource"}, "PathPart": "greet"}},
            "ProxyResource": {"Type": "AWS::ApiGateway::Resource", "Properties": {
              "RestApiId": {"Ref": "Api"}, "ParentId": {"Fn::GetAtt": ["Api", "RootResourceId"]}, "PathPart": "{proxy+}"}},
            "GreetingGet": {"Type": "AWS::ApiGateway::Method", "Properties": {
              "RestApiId": {"Ref": "Api"}, "ResourceId": {"Ref": "GreetingResource"}, "HttpMethod": "get",
              "Integration": {"Type": "AWS_PROXY", "IntegrationHttpMethod": "POST",
                "Uri": {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Greetings.Arn}/invocations"}}}},
            "GreetGet": {"Type": "AWS::ApiGateway::Method", "Properties": {
              "RestApiId": {"Ref": "Api"}, "ResourceId": {"Ref": "GreetResource"}, "HttpMethod": "GET",
              "Integration": {"Type": "AWS_PROXY", "IntegrationHttpMethod": "POST",
                "Uri": {"Fn::Join": ["", ["arn:aws:apigateway:", {"Ref": "AWS::Region"}, ":lambda:path/2015-03-31/functions/",
                  {"Fn::GetAtt": ["Greetings", "Arn"]}, "/invocations"]]}}}},
            "ProxyAny": {"Type": "AWS::ApiGateway::Method", "Properties": {
              "RestApiId": {"Ref": "Api"}, "ResourceId": {"Ref": "ProxyResource"}, "HttpMethod": "ANY",
              "Integration": {"Type": "AWS_PROXY", "Uri": {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Ip.Arn}/invocations"}}}},
            "MockGet": {"Type": "AWS::ApiGateway::Method", "Properties": {
              "RestApiId": {"Ref": "Api"}, "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]}, "HttpMethod": "GET",
              "Integration": {"Type": "MOCK"}}},
            "Deployment": {"Type": "AWS::ApiGateway::Deployment", "Properties": {"RestApiId": {"Ref": "Api"}, "StageName": "prod"}},
            "Hourly": {"Type": "AWS::Events::Rule", "Properties": {
              "ScheduleExpression": "rate(1 hour)",
              "Targets": [{"Id": "purge", "Arn": {"Fn::GetAtt": ["Ip", "Arn"]}, "Input": "{\"prefix\":\"tmp/\"}"}]}},
            "Off": {"Type": "AWS::Events::Rule", "Properties": {
              "Name": "nightly", "ScheduleExpression": "cron(0 3 * * ? *)", "State": "DISABLED",
              "Targets": [{"Id": "q", "Arn": {"Fn::GetAtt": ["Queue", "Arn"]}}]}},
            "Pattern": {"Type": "AWS::Events::Rule", "Properties": {"EventPattern": {"source": ["aws.s3"]}}}
          }
        }
        """#

    func load(_ overrides: [String: String] = [:]) throws -> StackTemplate {
        try StackTemplate(data: Data(Self.template.utf8), environment: .init(parameterOverrides: overrides))
    }

    @Test func readsFunctionsWithDefaults() throws {
        let template = try load()
        #expect(template.functions.map(\.name) == ["Ip", "local-greetings"])
        let ip = try #require(template.function(named: "Ip"))
        #expect(ip.memorySize == 128)
        #expect(ip.timeout == 3)
        #expect(ip.runtime == nil)
        #expect(ip.product == nil)
        let greetings = try #require(template.function(named: "Greetings"))
        #expect(greetings.name == "local-greetings")
        #expect(greetings.handler == "greetings")
        #expect(greetings.runtime == "provided.al2023")
        #expect(greetings.memorySize == 256)
        #expect(greetings.timeout == 10)
        #expect(greetings.product == "greetings")
    }

    @Test func findsFunctionsByNameLogicalIDAndARN() throws {
        let template = try load()
        #expect(template.function(named: "local-greetings")?.logicalID == "Greetings")
        #expect(template.function(named: "arn:aws:lambda:us-east-1:123456789012:function:local-greetings")?.logicalID == "Greetings")
        #expect(template.function(named: "nope") == nil)
    }

    @Test func resolvesEnvironmentVariables() throws {
        let environment = try #require(try load().function(named: "Greetings")).environment
        #expect(environment["GREETING"] == "Hello")
        #expect(environment["SELF_ARN"] == "arn:aws:lambda:us-east-1:123456789012:function:local-greetings")
        #expect(environment["TABLE"] == "<Table.Arn>")
        #expect(environment["JOINED"] == "a/us-east-1/3")
        #expect(environment["SUBBED"] == "Hello-123456789012-${Literal}")
        #expect(environment["GONE"] == nil)
        #expect(environment["OTHER"] == "<Fn::If>")
    }

    @Test func parameterOverridesWin() throws {
        let template = try load(["Greeting": "Hi"])
        #expect(template.function(named: "Greetings")?.environment["GREETING"] == "Hi")
        #expect(template.parameters["Greeting"] == "Hi")
        #expect(template.parameters["Bucket"] == nil)
    }

    @Test func unknownOverrideIsAnError() {
        #expect(throws: TemplateError.unknownParameter("Nope", declared: ["Bucket", "Greeting", "Runtime"])) {
            try load(["Nope": "x"])
        }
        #expect(TemplateError.unknownParameter("Nope", declared: ["Bucket", "Greeting"]).description
            == "unknown parameter Nope: the template has no such parameter (it declares Bucket, Greeting)")
    }

    @Test func readsProxyRoutesFromResourceChains() throws {
        let template = try load()
        #expect(template.routes == [
            APIRoute(method: "GET", path: "/greeting", functionLogicalID: "Greetings", restAPILogicalID: "Api"),
            APIRoute(method: "GET", path: "/user/{username}/greet", functionLogicalID: "Greetings", restAPILogicalID: "Api"),
            APIRoute(method: "ANY", path: "/{proxy+}", functionLogicalID: "Ip", restAPILogicalID: "Api"),
        ])
        #expect(template.warnings == ["GET / (MockGet): integration type MOCK is not served locally"])
        #expect(template.stageName == "prod")
    }

    @Test func readsScheduleRules() throws {
        let rules = try load().schedules
        #expect(rules.count == 2)
        #expect(rules[0] == ScheduleRule(
            logicalID: "Hourly", name: "Hourly", scheduleExpression: "rate(1 hour)", isEnabled: true,
            targets: [.init(id: "purge", functionLogicalID: "Ip", arn: "arn:aws:lambda:us-east-1:123456789012:function:Ip",
                            input: #"{"prefix":"tmp/"}"#)]))
        #expect(rules[1].name == "nightly")
        #expect(rules[1].isEnabled == false)
        #expect(rules[1].targets == [.init(id: "q", functionLogicalID: nil, arn: "<Queue.Arn>", input: nil)])
    }

    @Test func missingFileIsAClearError() {
        #expect(throws: TemplateError.fileNotFound(path: "/nonexistent/template.json")) {
            try StackTemplate(contentsOfFile: "/nonexistent/template.json")
        }
        #expect(TemplateError.fileNotFound(path: "t.json").description.contains("template not found: t.json"))
    }

    @Test func invalidJSONIsAClearError() {
        do {
            _ = try StackTemplate(data: Data("{\"Resources\": ".utf8))
            Issue.record("expected an error")
        } catch let error as TemplateError {
            #expect(error.description.hasPrefix("template is not valid JSON"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func templateWithoutResourcesIsRejected() {
        #expect(throws: TemplateError.noResources) { try StackTemplate(data: Data("{\"a\": 1}".utf8)) }
        #expect(throws: TemplateError.noResources) { try StackTemplate(data: Data("[1]".utf8)) }
    }

    @Test(arguments: [
        (#"{"Timeout": 0}"#, "Timeout must be an integer from 1 to 900 seconds"),
        (#"{"Timeout": "x"}"#, "Timeout must be an integer from 1 to 900 seconds"),
        (#"{"MemorySize": 64}"#, "MemorySize must be an integer from 128 to 32768"),
        (#"{"Environment": {"Variables": [1]}}"#, "Environment.Variables must be an object"),
        (
            #"{"CapacityProviderConfig": {"LambdaManagedInstancesCapacityProviderConfig": {"PerExecutionEnvironmentMaxConcurrency": 0}}}"#,
            "CapacityProviderConfig.LambdaManagedInstancesCapacityProviderConfig.PerExecutionEnvironmentMaxConcurrency must be an integer from 1 to 1600"
        ),
    ])
    func invalidFunctionPropertiesAreRejected(properties: String, message: String) {
        let json = #"{"Resources": {"F": {"Type": "AWS::Lambda::Function", "Properties": \#(properties)}}}"#
        #expect(throws: TemplateError.invalidResource("F", message)) { try StackTemplate(data: Data(json.utf8)) }
    }

    @Test func managedInstancesConcurrencyIsThePerProcessConcurrency() throws {
        let json = #"""
            {"Resources": {
              "Many": {"Type": "AWS::Lambda::Function", "Properties": {"CapacityProviderConfig": {
                "LambdaManagedInstancesCapacityProviderConfig": {
                  "CapacityProviderArn": "arn:aws:lambda:us-east-1:123456789012:capacity-provider:p",
                  "PerExecutionEnvironmentMaxConcurrency": 8}}}},
              "One": {"Type": "AWS::Lambda::Function", "Properties": {}}
            }}
            """#
        let template = try StackTemplate(data: Data(json.utf8))
        #expect(template.function(named: "Many")?.perProcessConcurrency == 8)
        #expect(template.function(named: "One")?.perProcessConcurrency == 1)
    }

    @Test func metadataWithoutProductIsRejected() {
        let json = #"{"Resources": {"F": {"Type": "AWS::Lambda::Function", "Metadata": {"SwiftLambda": {}}}}}"#
        #expect(throws: TemplateError.invalidResource("F", "Metadata.SwiftLambda.Product must be a product name")) {
            try StackTemplate(data: Data(json.utf8))
        }
    }

    @Test func resourceCycleIsRejected() {
        let json = #"""
            {"Resources": {
              "A": {"Type": "AWS::ApiGateway::Resource", "Properties": {"ParentId": {"Ref": "B"}, "PathPart": "a"}},
              "B": {"Type": "AWS::ApiGateway::Resource", "Properties": {"ParentId": {"Ref": "A"}, "PathPart": "b"}},
              "M": {"Type": "AWS::ApiGateway::Method", "Properties": {"HttpMethod": "GET", "ResourceId": {"Ref": "A"}}}
            }}
            """#
        #expect(throws: TemplateError.invalidResource("A", "API resources form a cycle through ParentId")) {
            try StackTemplate(data: Data(json.utf8))
        }
    }
}
