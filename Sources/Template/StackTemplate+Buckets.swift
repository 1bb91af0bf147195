extension StackTemplate {
    static func readBuckets(_ resources: [String: TemplateValue], resolver: Resolver) throws(TemplateError) -> [BucketDefinition] {
        var buckets: [BucketDefinition] = []
        for (logicalID, resource) in resources
        where resource["Type"]?.stringValue == "AWS::S3::Bucket" && resolver.exists(logicalID) {
            guard let name = resolver.physicalName(logicalID) else { continue }
            let generated = resolver.givenName(logicalID) == nil
            if let violation = LocalNames.bucketNameViolation(name) {
                throw TemplateError.invalidResource(logicalID, "BucketName '\(name)' is not a valid bucket name: \(violation)")
            }
            buckets.append(BucketDefinition(logicalID: logicalID, name: name, isNameGenerated: generated))
        }
        return buckets.sorted { $0.logicalID < $1.logicalID }
    }
}
