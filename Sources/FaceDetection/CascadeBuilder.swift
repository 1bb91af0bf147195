/// Turns the XML tree of a new-style OpenCV cascade into a validated ``HaarCascade``.
///
/// Validation is what keeps the unchecked evaluation loop memory-safe: every feature index, rectangle
/// and tree link is checked here, once.
struct CascadeBuilder {
    /// OpenCV subtracts this from every stage threshold (in Float) when it loads a cascade.
    private static let thresholdEpsilon: Float = 1e-5
    private static let maxWindowSide = 1024
    private static let maxRectsPerFeature = 3

    let root: XMLElement

    func build() throws(FaceDetectionError) -> HaarCascade {
        guard root.name == "opencv_storage" else {
            throw .invalidCascade("root element is <\(root.name)>, expected <opencv_storage>")
        }
        guard let cascade = root.child("cascade") else {
            if let old = root.children.first(where: { $0.attributes["type_id"] == "opencv-haar-classifier" }) {
                throw .unsupportedCascade("<\(old.name)> is an old-style (opencv-haar-classifier) cascade")
            }
            throw .invalidCascade("no <cascade> element")
        }
        if let typeID = cascade.attributes["type_id"], typeID != "opencv-cascade-classifier" {
            throw .invalidCascade("<cascade> has type_id \(typeID), expected opencv-cascade-classifier")
        }
        let stageType = try word(cascade, "stageType")
        guard stageType == "BOOST" else { throw .unsupportedCascade("stageType \(stageType) (only BOOST)") }
        let featureType = try word(cascade, "featureType")
        guard featureType == "HAAR" else { throw .unsupportedCascade("featureType \(featureType) (only HAAR)") }
        let width = try integer(cascade, "width")
        let height = try integer(cascade, "height")
        guard (3...Self.maxWindowSide).contains(width), (3...Self.maxWindowSide).contains(height) else {
            throw .invalidCascade("window size \(width)x\(height) out of range")
        }

        let features = try readFeatures(try element(cascade, "features"), width: width, height: height)
        let stageList = try element(cascade, "stages").children
        let stageNum = try integer(cascade, "stageNum")
        guard stageNum == stageList.count, stageNum > 0 else {
            throw .invalidCascade("stageNum is \(stageNum) but <stages> has \(stageList.count) stages")
        }

        var stages: [HaarCascade.Stage] = []
        var classifiers: [HaarCascade.WeakClassifier] = []
        var nodes: [HaarCascade.Node] = []
        var leaves: [Float] = []
        for (stageIndex, stageElement) in stageList.enumerated() {
            let context = "stage \(stageIndex)"
            try requireItem(stageElement, context)
            let threshold = try real(stageElement, "stageThreshold", context)
            let weakList = try element(stageElement, "weakClassifiers", context).children
            guard !weakList.isEmpty else { throw .invalidCascade("\(context) has no weak classifiers") }
            if stageElement.child("maxWeakCount") != nil {
                let declared = try integer(stageElement, "maxWeakCount", context)
                guard declared == weakList.count else {
                    throw .invalidCascade("\(context): maxWeakCount \(declared) but \(weakList.count) weak classifiers")
                }
            }
            let firstClassifier = classifiers.count
            for (weakIndex, weak) in weakList.enumerated() {
                let context = "\(context), weak classifier \(weakIndex)"
                try requireItem(weak, context)
                let nodeNumbers = try numbers(try element(weak, "internalNodes", context), context)
                let leafValues = try numbers(try element(weak, "leafValues", context), context)
                guard !nodeNumbers.isEmpty, nodeNumbers.count % 4 == 0 else {
                    throw .invalidCascade("\(context): internalNodes must hold 4 numbers per node, has \(nodeNumbers.count)")
                }
                let nodeCount = nodeNumbers.count / 4
                guard leafValues.count == nodeCount + 1 else {
                    throw .invalidCascade("\(context): \(nodeCount) nodes need \(nodeCount + 1) leafValues, has \(leafValues.count)")
                }
                let firstNode = nodes.count
                let firstLeaf = leaves.count
                for node in 0..<nodeCount {
                    let left = try wholeNumber(nodeNumbers[4 * node], context)
                    let right = try wholeNumber(nodeNumbers[4 * node + 1], context)
                    let feature = try wholeNumber(nodeNumbers[4 * node + 2], context)
                    for link in [left, right] {
                        // A child must come after its parent: the walk then always ends at a leaf.
                        let valid = link > 0 ? (link > node && link < nodeCount) : (-link < leafValues.count)
                        guard valid else { throw .invalidCascade("\(context): node link \(link) out of range") }
                    }
                    guard (0..<features.count).contains(feature) else {
                        throw .invalidCascade("\(context): feature index \(feature) out of range 0..<\(features.count)")
                    }
                    nodes.append(.init(left: left, right: right, feature: feature,
                                       threshold: Float(try finite(nodeNumbers[4 * node + 3], context))))
                }
                for value in leafValues { leaves.append(Float(try finite(value, context))) }
                classifiers.append(.init(nodes: firstNode..<nodes.count, leaves: firstLeaf..<leaves.count))
            }
            stages.append(.init(threshold: Float(threshold) - Self.thresholdEpsilon,
                                classifiers: firstClassifier..<classifiers.count))
        }
        return HaarCascade(windowWidth: width, windowHeight: height, stages: stages, classifiers: classifiers,
                           nodes: nodes, leaves: leaves, features: features)
    }

    private func readFeatures(_ list: XMLElement, width: Int, height: Int)
        throws(FaceDetectionError) -> [HaarCascade.Feature]
    {
        guard !list.children.isEmpty else { throw .invalidCascade("<features> is empty") }
        var features: [HaarCascade.Feature] = []
        features.reserveCapacity(list.children.count)
        for (index, item) in list.children.enumerated() {
            let context = "feature \(index)"
            try requireItem(item, context)
            if let tilted = item.child("tilted") {
                let flag = try numbers(tilted, context)
                guard flag.count == 1 else { throw .invalidCascade("\(context): <tilted> must hold one number") }
                if flag[0] != 0 { throw .unsupportedCascade("\(context) is a tilted (45°) feature") }
            }
            let rectList = try element(item, "rects", context).children
            guard (1...Self.maxRectsPerFeature).contains(rectList.count) else {
                throw .invalidCascade("\(context) has \(rectList.count) rectangles (1 to 3 allowed)")
            }
            var rects: [HaarCascade.FeatureRect] = []
            for rectElement in rectList {
                try requireItem(rectElement, context)
                let values = try numbers(rectElement, context)
                guard values.count == 5 else {
                    throw .invalidCascade("\(context): a rectangle needs 5 numbers (x y w h weight), has \(values.count)")
                }
                let x = try wholeNumber(values[0], context), y = try wholeNumber(values[1], context)
                let w = try wholeNumber(values[2], context), h = try wholeNumber(values[3], context)
                guard x >= 0, y >= 0, w > 0, h > 0, x + w <= width, y + h <= height else {
                    throw .invalidCascade("\(context): rectangle \(x) \(y) \(w) \(h) is outside the \(width)x\(height) window")
                }
                rects.append(.init(x: x, y: y, width: w, height: h, weight: Float(try finite(values[4], context))))
            }
            features.append(.init(rects: rects))
        }
        return features
    }

    // MARK: - Element access with clear errors

    private func requireItem(_ element: XMLElement, _ context: String) throws(FaceDetectionError) {
        guard element.name == "_" else { throw .invalidCascade("\(context): unexpected element <\(element.name)>, expected <_>") }
    }

    private func element(_ parent: XMLElement, _ name: String, _ context: String = "cascade")
        throws(FaceDetectionError) -> XMLElement
    {
        guard let child = parent.child(name) else { throw .invalidCascade("\(context): missing <\(name)>") }
        return child
    }

    private func word(_ parent: XMLElement, _ name: String) throws(FaceDetectionError) -> String {
        let text = try element(parent, name).words
        guard text.count == 1 else { throw .invalidCascade("<\(name)> must hold one word") }
        return String(text[0])
    }

    private func integer(_ parent: XMLElement, _ name: String, _ context: String = "cascade")
        throws(FaceDetectionError) -> Int
    {
        let values = try numbers(try element(parent, name, context), context)
        guard values.count == 1 else { throw .invalidCascade("\(context): <\(name)> must hold one number") }
        return try wholeNumber(values[0], context)
    }

    private func real(_ parent: XMLElement, _ name: String, _ context: String) throws(FaceDetectionError) -> Double {
        let values = try numbers(try element(parent, name, context), context)
        guard values.count == 1 else { throw .invalidCascade("\(context): <\(name)> must hold one number") }
        return try finite(values[0], context)
    }

    /// The whitespace-separated numbers of an element, read as Double like OpenCV's `FileStorage`
    /// (`-1.`, `2.` and `8.22e-01` forms included). Values are narrowed to Float by the caller, from the
    /// Double, exactly as OpenCV does.
    private func numbers(_ element: XMLElement, _ context: String) throws(FaceDetectionError) -> [Double] {
        guard element.children.isEmpty else {
            throw .invalidCascade("\(context): <\(element.name)> must hold numbers, not elements")
        }
        var values: [Double] = []
        for token in element.words {
            guard let value = Double(token) else {
                throw .invalidCascade("\(context): '\(token)' in <\(element.name)> is not a number")
            }
            values.append(value)
        }
        return values
    }

    private func finite(_ value: Double, _ context: String) throws(FaceDetectionError) -> Double {
        guard value.isFinite, abs(value) < 1e30 else { throw .invalidCascade("\(context): number \(value) out of range") }
        return value
    }

    private func wholeNumber(_ value: Double, _ context: String) throws(FaceDetectionError) -> Int {
        guard value == value.rounded(), abs(value) <= 1_000_000 else {
            throw .invalidCascade("\(context): \(value) is not a whole number in range")
        }
        return Int(value)
    }
}
