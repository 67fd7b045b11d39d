import Testing

@testable import Kernel

/// A segment-by-segment reference matcher for routes made of whole static segments,
/// whole `:param` segments and a trailing `*`. Among all matching routes it picks the one
/// whose segment kinds (static < param < wildcard) are lexicographically smallest, which is
/// what find-my-way's depth-first walk with backtracking yields.
struct NaiveRouter {
    enum Segment: Equatable {
        case text(String), parameter(String), wildcard
        var rank: Int {
            switch self {
            case .text: 0
            case .parameter: 1
            case .wildcard: 2
            }
        }
    }

    var routes: [(pattern: String, segments: [Segment])] = []
    var shapes: Set<String> = []
    let caseSensitive: Bool

    /// Returns `false` when the route's shape was already registered.
    mutating func insert(_ pattern: String, _ segments: [Segment]) -> Bool {
        let shape = segments.map { segment -> String in
            switch segment {
            case .text(let text): caseSensitive ? text : text.lowercased()
            case .parameter: "\u{1}"
            case .wildcard: "\u{2}"
            }
        }.joined(separator: "/")
        guard shapes.insert(shape).inserted else { return false }
        routes.append((pattern, segments))
        return true
    }

    func lookup(_ path: String) -> (String, [String: String])? {
        let parts = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var best: (ranks: [Int], pattern: String, parameters: [String: String])?
        for route in routes {
            guard let parameters = match(route.segments, parts) else { continue }
            let ranks = route.segments.map(\.rank)
            if best == nil || ranks.lexicographicallyPrecedes(best!.ranks) {
                best = (ranks, route.pattern, parameters)
            }
        }
        return best.map { ($0.pattern, $0.parameters) }
    }

    private func match(_ segments: [Segment], _ parts: [String]) -> [String: String]? {
        var parameters: [String: String] = [:]
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .wildcard:
                guard index < parts.count else { return nil }
                parameters["*"] = parts[index...].joined(separator: "/")
                return parameters
            case .text(let text):
                guard index < parts.count else { return nil }
                let same = caseSensitive ? parts[index] == text : parts[index].lowercased() == text.lowercased()
                guard same else { return nil }
            case .parameter(let name):
                guard index < parts.count else { return nil }
                parameters[name] = parts[index]
            }
        }
        return segments.count == parts.count ? parameters : nil
    }
}

@Suite("Router: randomized cross-check")
struct RouterCrossCheckTests {
    static let words = ["a", "ab", "abc", "users", "user", "u", "x", "API"]
    static let values = ["a", "ab", "users", "zz", "", "x1", "user", "Mixed"]

    @Test("lookup agrees with a naive segment matcher on random static/param/wildcard routes",
          arguments: [(UInt64(1), true), (2, true), (3, true), (4, false), (5, false)])
    func crossCheck(seed: UInt64, caseSensitive: Bool) throws {
        var random = SeededGenerator(seed: seed)
        var routerOptions = RouterOptions()
        routerOptions.caseSensitive = caseSensitive
        var builder = RouteTrieBuilder<String>(options: routerOptions)
        var naive = NaiveRouter(caseSensitive: caseSensitive)

        for _ in 0..<60 {
            var segments: [NaiveRouter.Segment] = []
            let length = Int.random(in: 0...4, using: &random)
            for index in 0..<length {
                let roll = Int.random(in: 0..<10, using: &random)
                if index == length - 1, roll == 0 {
                    segments.append(.wildcard)
                } else if roll < 4 {
                    segments.append(.parameter("p\(index)"))
                } else {
                    segments.append(.text(Self.words.randomElement(using: &random)!))
                }
            }
            if segments.isEmpty { segments = [.text("")] }  // the root route "/"
            let pattern = "/" + segments.map { segment in
                switch segment {
                case .text(let text): text
                case .parameter(let name): ":" + name
                case .wildcard: "*"
                }
            }.joined(separator: "/")
            let fresh = naive.insert(pattern, segments)
            do {
                try builder.insert(pattern, pattern)
                #expect(fresh, "builder accepted duplicate \(pattern)")
            } catch {
                #expect(!fresh && error.kind == .duplicateRoute, "\(pattern): \(error)")
            }
        }

        let table = builder.build()
        var matched = 0
        for _ in 0..<400 {
            let path = randomPath(from: naive, using: &random)
            let expected = naive.lookup(path)
            let actual = table.lookup(path)
            switch (expected, actual) {
            case (nil, .notFound):
                break
            case (let (pattern, parameters)?, .matched(let value, let captured)):
                matched += 1
                #expect(value == pattern, "seed \(seed) path \(path)")
                #expect(dictionary(captured) == parameters, "seed \(seed) path \(path)")
            default:
                Issue.record("seed \(seed) path \(path): expected \(String(describing: expected)), got \(actual)")
            }
        }
        #expect(matched > 80, "the generator should produce enough hits to be meaningful")
    }

    @Test("the byte matcher of multi-parameter segments agrees with the equivalent Regex")
    func segmentMatcherAgreesWithRegex() throws {
        var random = SeededGenerator(seed: 42)
        let patterns = [":a-:b", ":a.:b", ":a-:b.png", ":a.:b-:c", ":a-:b-", ":a--:b", ":a.png", ":a-:b.:c"]
        for source in patterns {
            let parsed = try RoutePattern(parsing: "/" + source)
            guard case .parameter(let segment) = parsed.variants[0].components.last else {
                Issue.record("\(source) did not parse into a parameter segment")
                continue
            }
            let bytes = try ParameterMatcher(segment, pattern: source)
            let regex = try ParameterMatcher(segment, pattern: source, alwaysUseRegex: true)
            for _ in 0..<300 {
                let length = Int.random(in: 0...9, using: &random)
                let text = String((0..<length).map { _ in "a-.png".randomElement(using: &random)! })
                let viaBytes = Array(text.utf8).withUnsafeBufferPointer { bytes.match($0, maxParamLength: 100) }
                let viaRegex = Array(text.utf8).withUnsafeBufferPointer { regex.match($0, maxParamLength: 100) }
                #expect(Self.describe(viaBytes) == Self.describe(viaRegex), "\(source) on '\(text)'")
            }
        }
    }

    private static func describe(_ outcome: ParameterMatcher.Outcome) -> String {
        switch outcome {
        case .matched(let values): "matched \(values)"
        case .noMatch: "noMatch"
        case .tooLong: "tooLong"
        }
    }

    /// Half the paths instantiate a registered route, half are random segment soup.
    private func randomPath(from naive: NaiveRouter, using random: inout SeededGenerator) -> String {
        var parts: [String] = []
        if Bool.random(using: &random), let route = naive.routes.randomElement(using: &random) {
            for segment in route.segments {
                switch segment {
                case .text(let text):
                    parts.append(caseMangled(text, using: &random))
                case .parameter:
                    parts.append(Self.values.randomElement(using: &random)!)
                case .wildcard:
                    for _ in 0...Int.random(in: 0...2, using: &random) {
                        parts.append(Self.values.randomElement(using: &random)!)
                    }
                }
            }
        } else {
            for _ in 0..<Int.random(in: 0...5, using: &random) {
                parts.append((Self.words + Self.values).randomElement(using: &random)!)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    private func caseMangled(_ text: String, using random: inout SeededGenerator) -> String {
        guard Int.random(in: 0..<4, using: &random) == 0 else { return text }
        return Bool.random(using: &random) ? text.uppercased() : text.lowercased()
    }
}
