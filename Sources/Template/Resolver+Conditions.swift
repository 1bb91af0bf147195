extension Resolver {
    /// The value of a condition of the template's `Conditions`, or nil when it is not declared or depends on
    /// something a local run cannot know.
    func condition(_ name: String) -> Bool? {
        let key = "Condition " + name
        guard let declaration = conditions[name], !inProgress.contains(key) else { return nil }
        var inner = self
        inner.inProgress.insert(key)
        return inner.evaluate(declaration)
    }

    /// Whether a resource is part of the stack: true unless its `Condition` is known to be false.
    func exists(_ logicalID: String) -> Bool {
        guard let name = resources[logicalID]?["Condition"]?.stringValue else { return true }
        return condition(name) ?? true
    }

    /// A condition function: `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`, or `{"Condition": name}`.
    private func evaluate(_ value: TemplateValue) -> Bool? {
        if case .bool(let flag) = value { return flag }
        if let members = value.objectValue, members.count == 1, let name = members["Condition"]?.stringValue {
            return condition(name)
        }
        guard let (function, argument) = value.intrinsic, let operands = argument.arrayValue else { return nil }
        switch function {
        case "Fn::Equals":
            guard operands.count == 2 else { return nil }
            let (left, right) = (resolve(operands[0]), resolve(operands[1]))
            guard left.isResolved, right.isResolved else { return nil }
            return Self.text(left) == Self.text(right)
        case "Fn::Not":
            guard operands.count == 1 else { return nil }
            return evaluate(operands[0]).map { !$0 }
        case "Fn::And", "Fn::Or":
            // A known deciding operand settles it even when another operand is unknown locally.
            let decisive = function == "Fn::Or"
            let values = operands.map(evaluate)
            if values.contains(decisive) { return decisive }
            return values.contains(nil) ? nil : !decisive
        default:
            return nil
        }
    }
}
