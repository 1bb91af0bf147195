#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A boosted Haar cascade in OpenCV's new-style XML format (`<cascade type_id="opencv-cascade-classifier">`),
/// such as `haarcascade_frontalface_alt.xml` from Debian's `opencv-data`.
///
/// Stumps and small trees are supported; tilted (45°) features, LBP cascades and old-style
/// (`opencv-haar-classifier`) files are refused with ``FaceDetectionError/isUnsupportedCascade``.
/// Numbers are kept with the precision OpenCV uses (32-bit floats), so detection matches it exactly.
public struct HaarCascade: Sendable {
    /// Width of the detection window in pixels (20 for frontalface_alt).
    public let windowWidth: Int
    /// Height of the detection window in pixels.
    public let windowHeight: Int

    let stages: [Stage]
    let classifiers: [WeakClassifier]
    let nodes: [Node]
    let leaves: [Float]
    let features: [Feature]

    /// Number of boosting stages.
    public var stageCount: Int { stages.count }
    /// Number of weak classifiers over all stages.
    public var weakClassifierCount: Int { classifiers.count }
    /// Number of Haar features.
    public var featureCount: Int { features.count }
    /// `true` when every weak classifier is a single-node stump (the fast evaluation path).
    public var isStumpBased: Bool { nodes.count == classifiers.count }

    /// Loads a cascade from an XML file.
    /// - Parameter path: Path of the XML file, e.g.
    ///   `/usr/share/opencv4/haarcascades/haarcascade_frontalface_alt.xml`.
    /// - Throws: ``FaceDetectionError`` when the file cannot be read, is malformed or truncated, or
    ///   describes an unsupported cascade.
    public init(contentsOf path: String) throws(FaceDetectionError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(filePath: path))
        } catch {
            throw .unreadableFile(path: path, reason: "\(error)")
        }
        try self.init(xml: data)
    }

    /// Parses a cascade from the bytes of its XML document.
    /// - Parameter xml: The complete XML document.
    /// - Throws: ``FaceDetectionError`` when the XML is malformed or truncated, or describes an invalid
    ///   or unsupported cascade.
    public init(xml: some Collection<UInt8>) throws(FaceDetectionError) {
        let root = try XMLElement.parseDocument(xml)
        self = try CascadeBuilder(root: root).build()
    }

    init(windowWidth: Int, windowHeight: Int, stages: [Stage], classifiers: [WeakClassifier], nodes: [Node],
         leaves: [Float], features: [Feature]) {
        self.windowWidth = windowWidth
        self.windowHeight = windowHeight
        self.stages = stages
        self.classifiers = classifiers
        self.nodes = nodes
        self.leaves = leaves
        self.features = features
    }
}

extension HaarCascade {
    /// A boosting stage: its weak classifiers (a range of ``classifiers``) and its threshold, already
    /// lowered by OpenCV's epsilon.
    struct Stage: Sendable {
        var threshold: Float
        var classifiers: Range<Int>
    }

    /// A weak classifier: a small tree of ``nodes`` with its ``leaves``; a stump has one node, two leaves.
    struct WeakClassifier: Sendable {
        var nodes: Range<Int>
        var leaves: Range<Int>
    }

    /// An internal tree node. `left`/`right` > 0 index the next node of the same classifier (relative to
    /// its first node); ≤ 0 name leaf `-value`.
    struct Node: Sendable {
        var left: Int
        var right: Int
        var feature: Int
        var threshold: Float
    }

    /// A Haar feature: up to three weighted rectangles in window coordinates; unused ones have weight 0.
    struct Feature: Sendable {
        var rects: [FeatureRect]
    }

    struct FeatureRect: Sendable {
        var x: Int
        var y: Int
        var width: Int
        var height: Int
        var weight: Float
    }
}
