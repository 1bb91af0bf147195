/// An `AWS::S3::Bucket` of a template, with the name a local run gives it.
public struct BucketDefinition: Sendable, Equatable {
    /// The resource's logical id, e.g. `FacesBucket`.
    public var logicalID: String
    /// The bucket's name: `BucketName` when it resolves, else a name made from the stack name and logical id
    /// (`local-facesbucket-0123456789ab`), the same on every run.
    public var name: String
    /// Whether ``name`` was made up because the template leaves the name to CloudFormation.
    public var isNameGenerated: Bool

    /// Creates a bucket definition.
    /// - Parameters:
    ///   - logicalID: The resource's logical id.
    ///   - name: The bucket name.
    ///   - isNameGenerated: Whether the name was generated.
    public init(logicalID: String, name: String, isNameGenerated: Bool) {
        self.logicalID = logicalID
        self.name = name
        self.isNameGenerated = isNameGenerated
    }
}
