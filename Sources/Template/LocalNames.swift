/// Physical names and attributes of the resources a local run can name as a deployment would.
///
/// A resource without its name property gets a name made like CloudFormation's, `<stack>-<LogicalId>-<suffix>`,
/// where CloudFormation's random suffix is a stable hash of the stack name and logical id: the same template
/// and stack name give the same names on every run, so a local S3 keeps its buckets between runs.
enum LocalNames {
    /// The property holding a resource's name, by resource type.
    static let nameProperty: [String: String] = [
        "AWS::S3::Bucket": "BucketName",
        "AWS::Logs::LogGroup": "LogGroupName",
        "AWS::IAM::Role": "RoleName",
        "AWS::DynamoDB::Table": "TableName",
        // Ref of a secret is its ARN on AWS, which holds a random suffix; locally it is the name, which
        // GetSecretValue takes as well.
        "AWS::SecretsManager::Secret": "Name",
        "AWS::SSM::Parameter": "Name",
    ]

    /// The name CloudFormation would generate, with a stable suffix in place of its random one.
    static func generatedName(ofType type: String, logicalID: String, stackName: String) -> String {
        let suffix = stableSuffix(stackName + "/" + logicalID)
        switch type {
        case "AWS::S3::Bucket":
            // Lower case, 63 at most, letters, digits and hyphens: valid as a DNS label and a bucket name.
            let stem = "\(stackName)-\(logicalID)".lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" }
            var trimmed = Substring(String(stem.prefix(63 - 1 - suffix.count)))
            while trimmed.hasSuffix("-") { trimmed = trimmed.dropLast() }
            while trimmed.hasPrefix("-") { trimmed = trimmed.dropFirst() }
            return (trimmed.isEmpty ? "bucket" : trimmed) + "-" + suffix
        case "AWS::IAM::Role":
            return "\(stackName)-\(logicalID)".prefix(64 - 1 - suffix.count) + "-" + suffix.uppercased()
        default:
            return "\(stackName)-\(logicalID)-\(suffix.uppercased())"
        }
    }

    /// An attribute (`Fn::GetAtt`) of a named resource, as CloudFormation documents it; nil for attributes only a
    /// deployment knows.
    static func attribute(
        _ attribute: String, ofType type: String, named name: String, properties: [String: TemplateValue],
        environment: StackTemplate.Environment
    ) -> String? {
        let (region, account) = (environment.region, environment.accountID)
        switch (type, attribute) {
        case ("AWS::S3::Bucket", "Arn"): return "arn:aws:s3:::\(name)"
        case ("AWS::S3::Bucket", "DomainName"): return "\(name).s3.amazonaws.com"
        case ("AWS::S3::Bucket", "RegionalDomainName"): return "\(name).s3.\(region).amazonaws.com"
        case ("AWS::S3::Bucket", "DualStackDomainName"): return "\(name).s3.dualstack.\(region).amazonaws.com"
        case ("AWS::S3::Bucket", "WebsiteURL"):
            // Regions older than 2014 keep the dash form of the website endpoint.
            let separator = dashedWebsiteRegions.contains(region) ? "-" : "."
            return "http://\(name).s3-website\(separator)\(region).amazonaws.com"
        case ("AWS::Logs::LogGroup", "Arn"): return "arn:aws:logs:\(region):\(account):log-group:\(name):*"
        case ("AWS::IAM::Role", "Arn"):
            let path = properties["Path"]?.stringValue ?? "/"
            return "arn:aws:iam::\(account):role\(path)\(name)"
        case ("AWS::DynamoDB::Table", "Arn"): return "arn:aws:dynamodb:\(region):\(account):table/\(name)"
        default: return nil
        }
    }

    private static let dashedWebsiteRegions: Set<String> = [
        "us-east-1", "us-west-1", "us-west-2", "eu-west-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1",
        "sa-east-1", "us-gov-west-1",
    ]

    /// Twelve lower-case letters and digits from a 64-bit FNV-1a hash: the same on every machine and run
    /// (Swift's `Hasher` is seeded per process).
    static func stableSuffix(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        var result = ""
        for _ in 0..<12 {
            result.append(digits[Int(hash % 36)])
            hash /= 36
        }
        return result
    }

    /// Why a bucket name breaks S3's naming rules, or nil when it keeps them.
    static func bucketNameViolation(_ name: String) -> String? {
        guard (3...63).contains(name.count) else { return "bucket names are 3 to 63 characters long" }
        guard name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "." || $0 == "-") }) else {
            return "bucket names hold only lower-case letters, digits, '.' and '-'"
        }
        guard let first = name.first, let last = name.last, first.isLetter || first.isNumber, last.isLetter || last.isNumber
        else { return "bucket names begin and end with a letter or digit" }
        if name.contains("..") { return "bucket names have no two adjacent periods" }
        let labels = name.split(separator: ".")
        if labels.count == 4, labels.allSatisfy({ UInt8($0) != nil }) { return "bucket names are not IP addresses" }
        return nil
    }
}
