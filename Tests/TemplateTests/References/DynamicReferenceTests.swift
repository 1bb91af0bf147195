import Foundation
import StackTemplate
import Synchronization
import Testing

/// `{{resolve:…}}` parsed as CloudFormation reads it, found in function environments, and resolved through an
/// injected source; secrets and SSM parameters read from the template.
@Suite struct DynamicReferenceTests {
    @Test func parsesEachServiceAndForm() throws {
        #expect(try DynamicReference(parsing: "{{resolve:ssm:/app/url}}").target == .parameter(name: "/app/url", version: nil))
        #expect(try DynamicReference(parsing: "{{resolve:ssm:plain.name-1:3}}").target == .parameter(name: "plain.name-1", version: 3))
        #expect(try DynamicReference(parsing: "{{resolve:ssm:arn:aws:ssm:us-east-1:123456789012:parameter/app/url:2}}").target
            == .parameter(name: "arn:aws:ssm:us-east-1:123456789012:parameter/app/url", version: 2))
        #expect(try DynamicReference(parsing: "{{resolve:ssm-secure:/db/password}}").target == .secureParameter(name: "/db/password", version: nil))
        #expect(try DynamicReference(parsing: "{{resolve:secretsmanager:app/key}}").target
            == .secret(id: "app/key", jsonKey: nil, versionStage: nil, versionID: nil))
        #expect(try DynamicReference(parsing: "{{resolve:secretsmanager:app/key:SecretString:apiKey}}").target
            == .secret(id: "app/key", jsonKey: "apiKey", versionStage: nil, versionID: nil))
        #expect(try DynamicReference(parsing: "{{resolve:secretsmanager:app/key:SecretString:apiKey:AWSPREVIOUS}}").target
            == .secret(id: "app/key", jsonKey: "apiKey", versionStage: "AWSPREVIOUS", versionID: nil))
        #expect(try DynamicReference(parsing: "{{resolve:secretsmanager:app/key::::v-1}}").target
            == .secret(id: "app/key", jsonKey: nil, versionStage: nil, versionID: "v-1"))
        let arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/key-AbCdEf"
        #expect(try DynamicReference(parsing: "{{resolve:secretsmanager:\(arn):SecretString:apiKey}}").target
            == .secret(id: arn, jsonKey: "apiKey", versionStage: nil, versionID: nil))
    }

    @Test(arguments: [
        ("{{resolve:}}", "not of the form"),
        ("{{resolve:ssm}}", "names no value after the service"),
        ("{{resolve:vault:x}}", "unknown service 'vault' (ssm, ssm-secure or secretsmanager)"),
        ("{{resolve:ssm:}}", "parameter name '' is empty"),
        ("{{resolve:ssm:/a b}}", "holds characters other than"),
        ("{{resolve:ssm:/a:x}}", "version 'x' is not a positive number"),
        ("{{resolve:ssm:/a:1:2}}", "at most a version"),
        ("{{resolve:secretsmanager:}}", "the secret id is empty"),
        ("{{resolve:secretsmanager:id:SecretBinary}}", "'SecretBinary' after the secret id must be SecretString"),
        ("{{resolve:secretsmanager:id:SecretString:k:AWSCURRENT:v1}}", "a version stage or a version id, not both"),
        ("{{resolve:secretsmanager:id:SecretString:k:s:v:extra}}", "at most"),
    ])
    func refusesMalformedReferencesClearly(text: String, reason: String) {
        let error = #expect(throws: DynamicReferenceError.self) { try DynamicReference(parsing: text) }
        #expect(error?.reason.contains(reason) == true, "\(String(describing: error))")
    }

    @Test func findsAndReplacesReferencesInsideText() throws {
        let text = "https://{{resolve:ssm:/host}}/v1?key={{resolve:secretsmanager:k:SecretString:a}}&again={{resolve:ssm:/host}}"
        let found = try DynamicReferences.find(in: text)
        #expect(found.map(\.reference.text) == ["{{resolve:ssm:/host}}", "{{resolve:secretsmanager:k:SecretString:a}}", "{{resolve:ssm:/host}}"])
        let values = [found[0].reference: "h.example", found[1].reference: "K"]
        #expect(try DynamicReferences.replace(in: text, with: values) == "https://h.example/v1?key=K&again=h.example")
        #expect(throws: DynamicReferenceError.self) { try DynamicReferences.find(in: "x {{resolve:ssm:/a") }
        #expect(try DynamicReferences.find(in: "no references {{ here }}").isEmpty)
    }

    static let template = #"""
        {
          "Parameters": {"Prefix": {"Type": "String", "Default": "dev"}},
          "Resources": {
            "Key": {"Type": "AWS::SecretsManager::Secret", "Properties": {
              "Name": {"Fn::Sub": "${Prefix}/key"}, "Description": "d",
              "GenerateSecretString": {"SecretStringTemplate": "{\"user\":\"u\"}", "GenerateStringKey": "apiKey",
                                       "PasswordLength": 20, "ExcludePunctuation": true}}},
            "Plain": {"Type": "AWS::SecretsManager::Secret", "Properties": {"SecretString": "literal"}},
            "Url": {"Type": "AWS::SSM::Parameter", "Properties": {
              "Name": {"Fn::Sub": "/${Prefix}/url"}, "Type": "String", "Value": "http://127.0.0.1:9"}},
            "Fn": {"Type": "AWS::Lambda::Function", "Properties": {
              "Handler": "h", "Runtime": "provided.al2023",
              "Environment": {"Variables": {
                "URL": {"Fn::Sub": "{{resolve:ssm:/${Prefix}/url}}"},
                "KEY": "{{resolve:secretsmanager:dev/key:SecretString:apiKey}}",
                "BOTH": "{{resolve:ssm:/dev/url}}#{{resolve:secretsmanager:dev/key:SecretString:apiKey}}",
                "SECRET_ID": {"Ref": "Key"},
                "PLAIN": "no reference"}}}}
          }
        }
        """#

    /// Answers from a dictionary, counting questions.
    final class Source: DynamicReferenceSource {
        let asked = Mutex<[String]>([])
        func value(for reference: DynamicReference) async throws -> String {
            asked.withLock { $0.append(reference.text) }
            switch reference.target {
            case .parameter(let name, nil) where name == "/dev/url": return "http://127.0.0.1:9"
            case .secret(let id, let key, nil, nil) where id == "dev/key" && key == "apiKey": return "k3y"
            default: throw DynamicReferenceError(reference.text, "not found")
            }
        }
    }

    @Test func readsSecretsAndParametersAndResolvesFunctionEnvironments() async throws {
        let template = try StackTemplate(data: Data(Self.template.utf8))
        #expect(template.secrets.map(\.logicalID) == ["Key", "Plain"])
        #expect(template.secrets[0].name == "dev/key" && template.secrets[1].name.hasPrefix("local-Plain-"))
        #expect(template.secrets[1].content == .string("literal"))
        guard case .generated(let recipe) = template.secrets[0].content else { Issue.record("not generated"); return }
        #expect(recipe.passwordLength == 20 && recipe.excludePunctuation && recipe.generateStringKey == "apiKey")
        #expect(template.ssmParameters == [SSMParameterDefinition(logicalID: "Url", name: "/dev/url", type: "String", value: "http://127.0.0.1:9")])
        #expect(template.functions[0].environment["SECRET_ID"] == "dev/key")
        #expect(template.dynamicReferences.map(\.text) == [
            "{{resolve:ssm:/dev/url}}", "{{resolve:secretsmanager:dev/key:SecretString:apiKey}}",
        ])

        let source = Source()
        let resolved = try await template.resolvingDynamicReferences(using: source)
        #expect(resolved.functions[0].environment == [
            "URL": "http://127.0.0.1:9", "KEY": "k3y", "BOTH": "http://127.0.0.1:9#k3y", "SECRET_ID": "dev/key", "PLAIN": "no reference",
        ])
        #expect(source.asked.withLock { $0.count } == 2)  // each reference asked once
    }

    @Test func unresolvableAndRefusedReferencesNameTheFunctionAndVariable() async throws {
        let missing = Self.template.replacingOccurrences(
            of: #""KEY": "{{resolve:secretsmanager:dev/key"#, with: #""KEY": "{{resolve:secretsmanager:other"#)
        let template = try StackTemplate(data: Data(missing.utf8))
        let error = await #expect(throws: TemplateError.self) { try await template.resolvingDynamicReferences(using: Source()) }
        #expect("\(error!)".hasPrefix("resource Fn: Environment.Variables.KEY: {{resolve:secretsmanager:other:SecretString:apiKey}}: "))
        #expect("\(error!)".hasSuffix("not found"))

        let secure = Self.template.replacingOccurrences(of: "\"PLAIN\": \"no reference\"", with: "\"PLAIN\": \"{{resolve:ssm-secure:/db/pw}}\"")
        let refused = #expect(throws: TemplateError.self) { try StackTemplate(data: Data(secure.utf8)) }
        #expect("\(refused!)".contains("resource Fn: Environment.Variables.PLAIN: {{resolve:ssm-secure:/db/pw}}: CloudFormation takes ssm-secure references only in some resource properties"))
        let malformed = Self.template.replacingOccurrences(of: "\"PLAIN\": \"no reference\"", with: "\"PLAIN\": \"{{resolve:ssm:/a:b}}\"")
        #expect(throws: TemplateError.self) { try StackTemplate(data: Data(malformed.utf8)) }
        let badType = Self.template.replacingOccurrences(of: "\"Type\": \"String\", \"Value\"", with: "\"Type\": \"SecureString\", \"Value\"")
        let typeError = #expect(throws: TemplateError.self) { try StackTemplate(data: Data(badType.utf8)) }
        #expect("\(typeError!)".contains("resource Url: Type must be String or StringList"))
    }
}
