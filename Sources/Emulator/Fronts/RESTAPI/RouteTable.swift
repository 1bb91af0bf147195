import StackTemplate

/// Matches request paths to the template's API routes as API Gateway does: literal segments beat `{param}`,
/// which beats greedy `{proxy+}`; an exact method beats `ANY`.
struct RouteTable: Sendable {
    struct Match: Equatable, Sendable {
        var route: APIRoute
        var pathParameters: [String: String]
    }

    enum Lookup: Equatable, Sendable {
        case found(Match)
        /// No resource or no method for the path (API Gateway answers both with 403 Missing Authentication Token).
        case notFound
    }

    private enum Segment: Equatable, Sendable {
        case literal(String)
        case parameter(String)
        case greedy(String)

        var rank: Int {
            switch self {
            case .literal: return 0
            case .parameter: return 1
            case .greedy: return 2
            }
        }
    }

    private let entries: [(route: APIRoute, segments: [Segment])]

    init(routes: [APIRoute]) {
        entries = routes.map { route in
            let segments = route.path.split(separator: "/").map { part -> Segment in
                let text = String(part)
                if text.hasPrefix("{"), text.hasSuffix("+}") { return .greedy(String(text.dropFirst().dropLast(2))) }
                if text.hasPrefix("{"), text.hasSuffix("}") { return .parameter(String(text.dropFirst().dropLast())) }
                return .literal(text)
            }
            return (route, segments)
        }
    }

    /// Finds the route for a method and a (percent-encoded) path.
    func lookup(method: String, path: String) -> Lookup {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var candidates: [(ranks: [Int], exactMethod: Bool, match: Match)] = []
        for entry in entries where entry.route.method == method || entry.route.method == "ANY" {
            guard let parameters = Self.match(entry.segments, parts) else { continue }
            candidates.append((entry.segments.map(\.rank), entry.route.method == method, Match(route: entry.route, pathParameters: parameters)))
        }
        let best = candidates.min { lhs, rhs in
            if lhs.ranks != rhs.ranks { return lhs.ranks.lexicographicallyPrecedes(rhs.ranks) }
            return lhs.exactMethod && !rhs.exactMethod
        }
        return best.map { .found($0.match) } ?? .notFound
    }

    private static func match(_ segments: [Segment], _ parts: [String]) -> [String: String]? {
        var parameters: [String: String] = [:]
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .greedy(let name):
                guard index == segments.count - 1, parts.count > index else { return nil }
                parameters[name] = parts[index...].map(decode).joined(separator: "/")
                return parameters
            case .literal(let text):
                guard index < parts.count, decode(parts[index]) == text else { return nil }
            case .parameter(let name):
                guard index < parts.count else { return nil }
                parameters[name] = decode(parts[index])
            }
        }
        return parts.count == segments.count ? parameters : nil
    }

    private static func decode(_ text: String) -> String { text.removingPercentEncoding ?? text }
}
