import Foundation
import StackTemplate
import Testing

/// Parameters checked against their constraints, conditions, and the names and attributes a local run gives
/// the resources a deployment would name.
@Suite struct LocalResourcesTests {
    static let template = #"""
        {
          "Parameters": {
            "Stage": {"Type": "String", "Default": "dev", "AllowedValues": ["dev", "prod"]},
            "Named": {"Type": "String", "Default": "", "AllowedPattern": "^$|^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
                      "ConstraintDescription": "empty, or a bucket name"},
            "Short": {"Type": "String", "Default": "abc", "MinLength": 2, "MaxLength": 4},
            "Count": {"Type": "Number", "Default": 3, "MinValue": 1, "MaxValue": 10},
            "Required": {"Type": "String"}
          },
          "Mappings": {"Sizes": {"dev": {"Memory": 256}, "prod": {"Memory": 1024}}},
          "Conditions": {
            "IsProd": {"Fn::Equals": [{"Ref": "Stage"}, "prod"]},
            "Generated": {"Fn::Equals": [{"Ref": "Named"}, ""]},
            "ProdOrNamed": {"Fn::Or": [{"Condition": "IsProd"}, {"Fn::Not": [{"Condition": "Generated"}]}]},
            "Unknowable": {"Fn::Equals": [{"Ref": "Required"}, "x"]},
            "DevAndUnknowable": {"Fn::And": [{"Condition": "IsProd"}, {"Condition": "Unknowable"}]}
          },
          "Resources": {
            "Photos": {"Type": "AWS::S3::Bucket", "Properties": {
              "BucketName": {"Fn::If": ["Generated", {"Ref": "AWS::NoValue"}, {"Ref": "Named"}]}}},
            "Plain": {"Type": "AWS::S3::Bucket"},
            "FromRequired": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {"Ref": "Required"}}},
            "ProdOnly": {"Type": "AWS::S3::Bucket", "Condition": "IsProd"},
            "Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/aws/lambda/f"}},
            "Role": {"Type": "AWS::IAM::Role", "Properties": {"Path": "/service/"}},
            "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": {"Fn::Sub": "${AWS::StackName}-items"}}},
            "Api": {"Type": "AWS::ApiGateway::RestApi"},
            "F": {"Type": "AWS::Lambda::Function", "Properties": {
              "Handler": "f", "MemorySize": {"Fn::FindInMap": ["Sizes", {"Ref": "Stage"}, "Memory"]},
              "Environment": {"Variables": {
                "BUCKET": {"Ref": "Photos"},
                "PLAIN": {"Ref": "Plain"},
                "ARN": {"Fn::GetAtt": ["Photos", "Arn"]},
                "DOMAIN": {"Fn::GetAtt": ["Photos", "DomainName"]},
                "REGIONAL": {"Fn::GetAtt": "Photos.RegionalDomainName"},
                "DUALSTACK": {"Fn::GetAtt": ["Photos", "DualStackDomainName"]},
                "WEBSITE": {"Fn::GetAtt": ["Photos", "WebsiteURL"]},
                "OBJECTS": {"Fn::Sub": "${Photos.Arn}/uploads/*"},
                "LOGS": {"Ref": "Logs"},
                "LOGS_ARN": {"Fn::GetAtt": ["Logs", "Arn"]},
                "ROLE_ARN": {"Fn::GetAtt": ["Role", "Arn"]},
                "TABLE_ARN": {"Fn::GetAtt": ["Table", "Arn"]},
                "API": {"Ref": "Api"},
                "API_ROOT": {"Fn::Sub": "${Api.RootResourceId}/x"},
                "REQUIRED": {"Fn::Join": ["-", ["a", {"Ref": "Required"}]]},
                "FROM_REQUIRED": {"Ref": "FromRequired"},
                "STAGE_NAME": {"Fn::If": ["IsProd", "production", "development"]},
                "MIXED": {"Fn::If": ["ProdOrNamed", "yes", "no"]},
                "UNKNOWN": {"Fn::If": ["DevAndUnknowable", "yes", "no"]},
                "MAYBE": {"Fn::If": ["Unknowable", "yes", "no"]},
                "SECOND": {"Fn::Select": [1, {"Fn::Split": [",", "a,b,c"]}]},
                "COUNT": {"Ref": "Count"}
              }}}},
            "ProdFunction": {"Type": "AWS::Lambda::Function", "Condition": "IsProd", "Properties": {"Handler": "p"}}
          }
        }
        """#

    func load(_ overrides: [String: String] = [:], stackName: String = "local", region: String = "us-east-1") throws
        -> StackTemplate
    {
        try StackTemplate(
            data: Data(Self.template.utf8),
            environment: .init(region: region, stackName: stackName, parameterOverrides: overrides))
    }

    func environment(_ overrides: [String: String] = [:], region: String = "us-east-1") throws -> [String: String] {
        try #require(try load(overrides, region: region).function(named: "F")).environment
    }

    @Test func unnamedBucketsGetAStableNameFromTheStackAndLogicalID() throws {
        let template = try load()
        #expect(template.buckets == [
            BucketDefinition(logicalID: "FromRequired", name: "local-fromrequired-00pwg7hr67rg", isNameGenerated: true),
            BucketDefinition(logicalID: "Photos", name: "local-photos-ou85aqytnlmm", isNameGenerated: true),
            BucketDefinition(logicalID: "Plain", name: "local-plain-3th1u2ptw9hv", isNameGenerated: true),
        ])
        // The same on every load; another stack gets other names.
        #expect(try load().buckets == template.buckets)
        let other = try load(stackName: "Book-Stack").buckets.map(\.name)
        #expect(other.count == 3 && other.allSatisfy { $0.hasPrefix("book-stack-") } && Set(other).isDisjoint(with: template.buckets.map(\.name)))
        // Long stack names are cut so the name stays a valid bucket name of 63 characters at most.
        let long = try load(stackName: "S" + String(repeating: "x", count: 120)).buckets
        for bucket in long {
            #expect(bucket.name.count == 63, "\(bucket.name)")
            #expect(bucket.name.wholeMatch(of: /[a-z0-9][a-z0-9-]*[a-z0-9]/) != nil, "\(bucket.name)")
        }
    }

    @Test func bucketsResolveToTheirNameAndCloudFormationsAttributes() throws {
        let environment = try environment()
        let name = "local-photos-ou85aqytnlmm"
        #expect(environment["BUCKET"] == name)
        #expect(environment["ARN"] == "arn:aws:s3:::\(name)")
        #expect(environment["DOMAIN"] == "\(name).s3.amazonaws.com")
        #expect(environment["REGIONAL"] == "\(name).s3.us-east-1.amazonaws.com")
        #expect(environment["DUALSTACK"] == "\(name).s3.dualstack.us-east-1.amazonaws.com")
        #expect(environment["WEBSITE"] == "http://\(name).s3-website-us-east-1.amazonaws.com")
        #expect(environment["OBJECTS"] == "arn:aws:s3:::\(name)/uploads/*")
        #expect(environment["PLAIN"] == "local-plain-3th1u2ptw9hv")
        // Newer regions use a dot before the region in website endpoints.
        let paris = try self.environment(region: "eu-west-3")
        #expect(paris["REGIONAL"] == "\(name).s3.eu-west-3.amazonaws.com")
        #expect(paris["WEBSITE"] == "http://\(name).s3-website.eu-west-3.amazonaws.com")

        // A BucketName that resolves wins; one that cannot resolve locally is replaced by a generated name.
        let named = try self.environment(["Named": "my-photos"])
        #expect(named["BUCKET"] == "my-photos")
        #expect(named["ARN"] == "arn:aws:s3:::my-photos")
        #expect(try load(["Named": "my-photos"]).buckets.first { $0.logicalID == "Photos" }
            == BucketDefinition(logicalID: "Photos", name: "my-photos", isNameGenerated: false))
        #expect(environment["FROM_REQUIRED"] == "local-fromrequired-00pwg7hr67rg")
        #expect(try load(["Required": "given-name"]).buckets.first { $0.logicalID == "FromRequired" }?.name == "given-name")
    }

    @Test func otherNamedResourcesResolveAndTheRestStayPlaceholders() throws {
        let environment = try environment()
        #expect(environment["LOGS"] == "/aws/lambda/f")
        #expect(environment["LOGS_ARN"] == "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*")
        #expect(environment["ROLE_ARN"] == "arn:aws:iam::123456789012:role/service/local-Role-XALV1F3OYK6I")
        #expect(environment["TABLE_ARN"] == "arn:aws:dynamodb:us-east-1:123456789012:table/local-items")
        // Only a deployment knows these.
        #expect(environment["API"] == "<Api>")
        #expect(environment["API_ROOT"] == "<Api.RootResourceId>/x")
        #expect(environment["REQUIRED"] == "a-<Required>")
        #expect(try self.environment(["Required": "req"])["REQUIRED"] == "a-req")
    }

    @Test func conditionsDecideFnIfAndWhichResourcesExist() throws {
        let dev = try load()
        let environment = try #require(dev.function(named: "F")).environment
        #expect(environment["STAGE_NAME"] == "development")
        #expect(environment["MIXED"] == "no")
        #expect(environment["UNKNOWN"] == "no")  // false And anything is false, known or not
        #expect(environment["MAYBE"] == "<Fn::If>")
        #expect(environment["SECOND"] == "b")
        #expect(environment["COUNT"] == "3")
        #expect(try #require(dev.function(named: "F")).memorySize == 256)
        #expect(dev.functions.map(\.name) == ["F"])
        #expect(!dev.buckets.contains { $0.logicalID == "ProdOnly" })

        let prod = try load(["Stage": "prod"])
        #expect(prod.functions.map(\.name) == ["F", "ProdFunction"])
        #expect(prod.buckets.contains { $0.logicalID == "ProdOnly" })
        let prodEnvironment = try #require(prod.function(named: "F")).environment
        #expect(prodEnvironment["STAGE_NAME"] == "production")
        #expect(prodEnvironment["MIXED"] == "yes")
        #expect(try #require(prod.function(named: "F")).memorySize == 1024)
        #expect(try self.environment(["Named": "my-photos"])["MIXED"] == "yes")
    }

    @Test(arguments: [
        (["Stage": "test"], "Stage", "test", "is not one of the allowed values: dev, prod"),
        (["Named": "Not_A_Bucket"], "Named", "Not_A_Bucket",
         "does not match the allowed pattern ^$|^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$ (empty, or a bucket name)"),
        (["Short": "a"], "Short", "a", "is shorter than the minimum length 2"),
        (["Short": "abcde"], "Short", "abcde", "is longer than the maximum length 4"),
        (["Count": "many"], "Count", "many", "is not a number"),
        (["Count": "0"], "Count", "0", "is less than the minimum value 1"),
        (["Count": "11"], "Count", "11", "is greater than the maximum value 10"),
    ])
    func parameterValuesOutsideTheirConstraintsAreRejected(
        overrides: [String: String], name: String, value: String, reason: String
    ) {
        let error = TemplateError.invalidParameterValue(name, value: value, reason: reason)
        #expect(throws: error) { try load(overrides) }
        #expect(error.description == "invalid value for parameter \(name): '\(value)' \(reason)")
    }

    @Test func badDefaultsStackNamesAndBucketNamesAreClearErrors() {
        let badDefault = #"{"Parameters": {"P": {"Type": "String", "Default": "x", "AllowedValues": ["a"]}}, "Resources": {}}"#
        #expect(throws: TemplateError.invalidParameterValue("P", value: "x", reason: "is not one of the allowed values: a (the template's default)")) {
            try StackTemplate(data: Data(badDefault.utf8))
        }
        let badPattern = #"{"Parameters": {"P": {"Type": "String", "Default": "x", "AllowedPattern": "[a-"}}, "Resources": {}}"#
        #expect(throws: TemplateError.invalidParameter("P", reason: "AllowedPattern [a- is not a regular expression")) {
            try StackTemplate(data: Data(badPattern.utf8))
        }
        for name in ["", "1stack", "my_stack", "stack.name", String(repeating: "s", count: 129)] {
            #expect(throws: TemplateError.invalidStackName(name)) { try load(stackName: name) }
        }
        #expect(TemplateError.invalidStackName("my_stack").description
            == "invalid stack name 'my_stack': it must start with a letter and hold only letters, digits and '-' (128 at most)")
        for (name, reason) in [
            ("My-Photos", "bucket names hold only lower-case letters, digits, '.' and '-'"),
            ("ab", "bucket names are 3 to 63 characters long"),
            ("-photos", "bucket names begin and end with a letter or digit"),
            ("a..b", "bucket names have no two adjacent periods"),
            ("192.168.1.1", "bucket names are not IP addresses"),
        ] {
            let json = #"{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "\#(name)"}}}}"#
            #expect(throws: TemplateError.invalidResource("B", "BucketName '\(name)' is not a valid bucket name: \(reason)")) {
                try StackTemplate(data: Data(json.utf8))
            }
        }
    }

    @Test func theBookTemplateNamesItsBucketAndGrantsReadsUnderTheInputPrefix() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("template.json").path
        let book = try StackTemplate(contentsOfFile: path)
        let bucket = try #require(book.buckets.first)
        #expect(book.buckets.count == 1)
        #expect(bucket.logicalID == "FacesBucket" && bucket.isNameGenerated)
        #expect(bucket.name == "local-facesbucket-b9djvxutzfh0")
        let faces = try #require(book.function(named: "faceDetection")).environment
        #expect(faces["BUCKET"] == bucket.name)
        #expect(faces["OUTPUT_DOMAIN"] == "\(bucket.name).s3.us-east-1.amazonaws.com")
        #expect(try #require(book.function(named: "purgeBucketByPrefix")).environment["BUCKET"] == bucket.name)
        #expect(book.parameters["FacesInputPrefix"] == "uploads/")

        let named = try StackTemplate(
            contentsOfFile: path,
            environment: .init(parameterOverrides: ["FacesBucketName": "book-faces", "FacesOutputDomain": "cdn.example.com"]))
        #expect(named.buckets == [BucketDefinition(logicalID: "FacesBucket", name: "book-faces", isNameGenerated: false)])
        #expect(try #require(named.function(named: "faceDetection")).environment["OUTPUT_DOMAIN"] == "cdn.example.com")
        #expect(throws: TemplateError.self) {
            try StackTemplate(contentsOfFile: path, environment: .init(parameterOverrides: ["FacesInputPrefix": "uploads"]))
        }
    }

    /// `tmp` would let the purge role delete `tmp2/…`; `*` and `?` are IAM wildcards in its policy's resource.
    @Test(arguments: ["tmp", "", "tmp/*", "t?p/", "*/", "tmp/\u{1}/"])
    func theBookTemplateRefusesAPurgePrefixThatWidensItsPolicy(prefix: String) throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("template.json").path
        #expect(throws: TemplateError.self) {
            try StackTemplate(contentsOfFile: path, environment: .init(parameterOverrides: ["PurgePrefix": prefix]))
        }
        let accepted = try StackTemplate(contentsOfFile: path, environment: .init(parameterOverrides: ["PurgePrefix": "scratch/tmp/"]))
        #expect(try #require(accepted.function(named: "purgeBucketByPrefix")).environment["PREFIX"] == "scratch/tmp/")
    }
}
