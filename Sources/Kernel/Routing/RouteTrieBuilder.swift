/// The mutable radix tree of one HTTP method, filled at setup time and frozen by ``build()``.
///
/// ```swift
/// var builder = RouteTrieBuilder<Int>(options: RouterOptions())
/// try builder.insert("/users/:id", 1)
/// try builder.insert("/users/:name", 2)   // throws: same shape as "/users/:id"
/// let table = builder.build()
/// ```
/// Nodes live in an array and refer to each other by index, so the builder keeps value semantics.
struct RouteTrieBuilder<Value> {
    /// One trie node under construction.
    struct Node {
        enum Kind {
            case staticText
            case parameter(ParameterSegment, matcher: ParameterMatcher?)
            case wildcard
        }

        var kind: Kind
        /// Static nodes only: the bytes this node consumes.
        var prefix: [UInt8] = []
        /// Static children, each starting with a different byte.
        var staticChildren: [Int] = []
        /// Parametric children in priority order.
        var parameterChildren: [Int] = []
        var wildcardChild: Int?
        /// Index into ``leaves`` when a route ends here.
        var leaf: Int?
    }

    /// A registered route: the value and the names of its parameters.
    struct Leaf {
        let value: Value
        let parameterNames: [String]
    }

    let options: RouterOptions
    private(set) var nodes: [Node] = [Node(kind: .staticText)]
    private(set) var leaves: [Leaf] = []
    /// Shape key → pattern that claimed it, for duplicate reports.
    private var declared: [String: String] = [:]

    /// An empty tree matching with `options`.
    init(options: RouterOptions) {
        self.options = options
    }

    /// Registers `pattern`; an optional last parameter registers two routes sharing `value`.
    /// Throws for invalid syntax or when a route of the same shape already exists;
    /// on error nothing is inserted.
    mutating func insert(_ pattern: String, _ value: Value) throws(RoutingError) {
        let parsed = try RoutePattern(parsing: pattern, options: options)
        var claimed: [String: String] = [:]
        for variant in parsed.variants {
            if let existing = declared[variant.shapeKey] ?? claimed[variant.shapeKey] {
                throw .duplicate(pattern, existing: existing)
            }
            claimed[variant.shapeKey] = pattern
        }
        var matchers: [ParameterSegment: ParameterMatcher] = [:]
        for variant in parsed.variants {
            for case .parameter(let segment) in variant.components where !segment.isPlain {
                matchers[segment] = try ParameterMatcher(segment, pattern: pattern)
            }
        }
        for variant in parsed.variants {
            let node = descend(into: variant.components, matchers: matchers)
            precondition(nodes[node].leaf == nil, "shape keys and trie paths disagree")
            nodes[node].leaf = leaves.count
            leaves.append(Leaf(value: value, parameterNames: variant.parameterNames))
            declared[variant.shapeKey] = pattern
        }
    }

    /// The declared pattern that `pattern` would duplicate (the same shape: `/:id` and `/:name` are one route),
    /// or `nil` when there is none or `pattern` is not valid.
    func conflictingPattern(_ pattern: String) -> String? {
        guard let parsed = try? RoutePattern(parsing: pattern, options: options) else { return nil }
        return parsed.variants.lazy.compactMap { self.declared[$0.shapeKey] }.first
    }

    /// Walks (creating as needed) the nodes for `components`; returns the last one.
    private mutating func descend(
        into components: [RoutePattern.Component], matchers: [ParameterSegment: ParameterMatcher]
    ) -> Int {
        var current = 0
        for component in components {
            switch component {
            case .literal(let text):
                current = insertStatic(text[...], under: current)
            case .parameter(let segment):
                current = parameterChild(segment, matcher: matchers[segment], of: current)
            case .wildcard:
                if let existing = nodes[current].wildcardChild {
                    current = existing
                } else {
                    nodes.append(Node(kind: .wildcard))
                    nodes[current].wildcardChild = nodes.count - 1
                    current = nodes.count - 1
                }
            }
        }
        return current
    }

    /// Radix insertion of static text below `parent`, splitting a child on a partial match.
    private mutating func insertStatic(_ text: ArraySlice<UInt8>, under parent: Int) -> Int {
        guard let first = text.first else { return parent }
        guard let slot = nodes[parent].staticChildren.firstIndex(where: { nodes[$0].prefix[0] == first }) else {
            nodes.append(Node(kind: .staticText, prefix: Array(text)))
            nodes[parent].staticChildren.append(nodes.count - 1)
            return nodes.count - 1
        }
        var child = nodes[parent].staticChildren[slot]
        let prefix = nodes[child].prefix
        var common = 0
        while common < prefix.count, common < text.count, prefix[common] == text[text.startIndex + common] {
            common += 1
        }
        if common < prefix.count {
            nodes[child].prefix = Array(prefix[common...])
            nodes.append(Node(kind: .staticText, prefix: Array(prefix[..<common]), staticChildren: [child]))
            child = nodes.count - 1
            nodes[parent].staticChildren[slot] = child
        }
        return insertStatic(text.dropFirst(common), under: child)
    }

    /// The parametric child of `parent` with the same node key, created in priority order if absent.
    private mutating func parameterChild(_ segment: ParameterSegment, matcher: ParameterMatcher?, of parent: Int) -> Int {
        let key = segment.nodeKey
        for child in nodes[parent].parameterChildren {
            if case .parameter(let existing, _) = nodes[child].kind, existing.nodeKey == key { return child }
        }
        nodes.append(Node(kind: .parameter(segment, matcher: matcher)))
        let created = nodes.count - 1
        let siblings = nodes[parent].parameterChildren
        let position = siblings.firstIndex { sibling in
            guard case .parameter(let other, _) = nodes[sibling].kind else { return false }
            return segment.hasPriority(over: other)
        } ?? siblings.count
        nodes[parent].parameterChildren.insert(created, at: position)
        return created
    }
}
