/// The immutable, flattened route tree of one HTTP method, used for every request.
///
/// Built by ``RouteTrieBuilder/build()``; all storage is `let` arrays of Sendable values,
/// so the table is Sendable by construction and shared freely between connections. It is a
/// class so that a lookup retains one object, not each of the trie's arrays.
///
/// Static route text is compared with the path after decoding the escapes of non-reserved
/// characters (`/caf%C3%A9` reaches `/café`, `%2F` stays a byte of its segment); parameter
/// and wildcard values are fully percent-decoded. If the path holds a malformed escape, static
/// text is compared with the raw bytes and only a parameter capturing it yields `.badURL`.
/// ```swift
/// switch table.lookup("/users/42") {
/// case .matched(let route, let params): params["id"]  // "42"
/// case .notFound, .badURL, .paramTooLong: …
/// }
/// ```
final class RouteTable<Value: Sendable>: Sendable {
    /// The registered value and parameter names of one route end.
    struct Leaf: Sendable {
        let value: Value
        let parameterNames: [String]
    }

    let trie: FlatTrie
    let leaves: [Leaf]

    init(trie: FlatTrie, leaves: [Leaf]) {
        self.trie = trie
        self.leaves = leaves
    }

    /// Finds the route for `path`: the request path without its query string,
    /// still percent-encoded. Static routes are found without heap allocation.
    func lookup(_ path: Substring) -> RouteLookup<Value> {
        let result =
            path.utf8.withContiguousStorageIfAvailable { trie.match($0) }
            ?? Array(path.utf8).withUnsafeBufferPointer { trie.match($0) }
        switch result {
        case .matched(let leafIndex, let values):
            let leaf = leaves[leafIndex]
            return .matched(leaf.value, Parameters(names: leaf.parameterNames, values: values))
        case .notFound: return .notFound
        case .badURL: return .badURL
        case .paramTooLong: return .paramTooLong
        }
    }

    /// Convenience for a whole `String` path.
    func lookup(_ path: String) -> RouteLookup<Value> {
        lookup(path[...])
    }
}

/// The value-independent part of a ``RouteTable``: nodes, bytes and matchers in flat arrays.
struct FlatTrie: Sendable {
    /// One node; indices are `Int32` to keep the array compact.
    struct Node: Sendable {
        enum Kind: UInt8, Sendable { case staticText, plainParameter, segmentParameter, wildcard }

        var kind: Kind
        /// Static nodes: range of the consumed bytes in ``FlatTrie/prefixBytes``.
        var prefixStart: Int32 = 0
        var prefixCount: Int32 = 0
        /// Static children: a range of ``FlatTrie/children`` and ``FlatTrie/childFirstBytes``.
        var staticChildStart: Int32 = 0
        var staticChildCount: Int32 = 0
        /// Parametric children in priority order: a range of ``FlatTrie/children``.
        var parameterChildStart: Int32 = 0
        var parameterChildCount: Int32 = 0
        var wildcardChild: Int32 = -1
        /// Index of the route ending here, or -1.
        var leaf: Int32 = -1
        /// Segment parameters: index into ``FlatTrie/matchers``.
        var matcher: Int32 = -1
    }

    /// Result of a match, before the leaf is turned into a value.
    enum Outcome {
        case matched(Int, [String])
        case notFound, badURL, paramTooLong
    }

    let nodes: [Node]
    let prefixBytes: [UInt8]
    let children: [Int32]
    /// First byte of each static child, parallel to ``children`` (unused for parameter children).
    let childFirstBytes: [UInt8]
    let matchers: [ParameterMatcher]
    let options: RouterOptions
}

extension RouteTrieBuilder where Value: Sendable {
    /// Freezes the tree into a lookup table; the builder stays usable.
    func build() -> RouteTable<Value> {
        var flattener = TrieFlattener(source: nodes)
        _ = flattener.flatten(0)
        let trie = FlatTrie(
            nodes: flattener.nodes, prefixBytes: flattener.prefixBytes, children: flattener.children,
            childFirstBytes: flattener.childFirstBytes, matchers: flattener.matchers, options: options)
        return RouteTable(
            trie: trie,
            leaves: leaves.map { RouteTable.Leaf(value: $0.value, parameterNames: $0.parameterNames) })
    }
}

/// Depth-first copy of builder nodes into flat arrays; each node's children are contiguous.
private struct TrieFlattener<Value> {
    let source: [RouteTrieBuilder<Value>.Node]
    var nodes: [FlatTrie.Node] = []
    var prefixBytes: [UInt8] = []
    var children: [Int32] = []
    var childFirstBytes: [UInt8] = []
    var matchers: [ParameterMatcher] = []

    init(source: [RouteTrieBuilder<Value>.Node]) {
        self.source = source
    }

    mutating func flatten(_ index: Int) -> Int32 {
        let node = source[index]
        let slot = nodes.count
        nodes.append(FlatTrie.Node(kind: .staticText))
        var flat = FlatTrie.Node(kind: .staticText)
        switch node.kind {
        case .staticText:
            flat.prefixStart = Int32(prefixBytes.count)
            flat.prefixCount = Int32(node.prefix.count)
            prefixBytes.append(contentsOf: node.prefix)
        case .parameter(let segment, let matcher):
            if segment.isPlain {
                flat.kind = .plainParameter
            } else if let matcher {
                flat.kind = .segmentParameter
                flat.matcher = Int32(matchers.count)
                matchers.append(matcher)
            }
        case .wildcard:
            flat.kind = .wildcard
        }
        flat.leaf = node.leaf.map(Int32.init) ?? -1
        var staticIndices: [Int32] = []
        for child in node.staticChildren { staticIndices.append(flatten(child)) }
        var parameterIndices: [Int32] = []
        for child in node.parameterChildren { parameterIndices.append(flatten(child)) }
        if let wildcard = node.wildcardChild { flat.wildcardChild = flatten(wildcard) }

        flat.staticChildStart = Int32(children.count)
        flat.staticChildCount = Int32(staticIndices.count)
        for (child, flatChild) in zip(node.staticChildren, staticIndices) {
            children.append(flatChild)
            childFirstBytes.append(source[child].prefix[0])
        }
        flat.parameterChildStart = Int32(children.count)
        flat.parameterChildCount = Int32(parameterIndices.count)
        children.append(contentsOf: parameterIndices)
        childFirstBytes.append(contentsOf: repeatElement(0, count: parameterIndices.count))
        nodes[slot] = flat
        return Int32(slot)
    }
}
