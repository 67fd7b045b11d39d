/// Request-time matching: a depth-first walk over UTF-8 bytes with find-my-way's priorities
/// (static child, then parametric children in order, then wildcard) and backtracking.
///
/// The walk recurses instead of keeping a sibling stack, so a static route allocates nothing;
/// recursion depth is bounded by the depth of the registered routes.
extension FlatTrie {
    /// Per-lookup mutable state.
    struct MatchState {
        var captures: [String] = []
        var sawTooLongParameter = false
    }

    /// Walk result of a subtree.
    enum Walk {
        case matched(Int32)
        case failed
        /// A parameter or wildcard the walk needed holds a malformed escape: stop at once.
        case badURL
    }

    private static let slash = UInt8(ascii: "/")

    /// Normalizes `raw` (slashes, escapes, trailing slash) and walks the tree.
    func match(_ raw: UnsafeBufferPointer<UInt8>) -> Outcome {
        guard raw.count > 0, raw[0] == Self.slash else { return .notFound }
        let hasEscape = raw.contains(PercentDecoding.percent)
        let hasDoubleSlash = options.ignoreDuplicateSlashes && Self.containsDoubleSlash(raw)
        guard hasEscape || hasDoubleSlash else { return walk(raw) }

        var bytes = hasDoubleSlash ? Self.collapsingSlashes(raw) : Array(raw)
        // Decoded escapes let `/caf%C3%A9` reach `/café`; if the path cannot be decoded,
        // match the raw bytes and let a parameter that captures the bad escape report badURL.
        if hasEscape, let normalized = PercentDecoding.normalizedPath(bytes) {
            bytes = normalized
        }
        return bytes.withUnsafeBufferPointer { walk($0) }
    }

    private func walk(_ path: UnsafeBufferPointer<UInt8>) -> Outcome {
        var length = path.count
        if options.ignoreTrailingSlash, length > 1, path[length - 1] == Self.slash { length -= 1 }
        let path = UnsafeBufferPointer(rebasing: path[..<length])
        var state = MatchState()
        switch visit(0, at: 0, path, &state) {
        case .matched(let leaf): return .matched(Int(leaf), state.captures)
        case .badURL: return .badURL
        case .failed: return state.sawTooLongParameter ? .paramTooLong : .notFound
        }
    }

    /// Tries the subtree of `nodeIndex`, whose own bytes end just before `cursor`.
    private func visit(_ nodeIndex: Int32, at cursor: Int, _ path: UnsafeBufferPointer<UInt8>, _ state: inout MatchState) -> Walk {
        let node = nodes[Int(nodeIndex)]
        if cursor == path.count, node.leaf >= 0 { return .matched(node.leaf) }

        if node.staticChildCount > 0, cursor < path.count {
            let byte = folded(path[cursor])
            let start = Int(node.staticChildStart)
            for slot in start..<(start + Int(node.staticChildCount)) where childFirstBytes[slot] == byte {
                let child = children[slot]
                let childNode = nodes[Int(child)]
                if prefixMatches(childNode, path, at: cursor) {
                    let outcome = visit(child, at: cursor + Int(childNode.prefixCount), path, &state)
                    if case .failed = outcome {} else { return outcome }
                }
                break
            }
        }

        let start = Int(node.parameterChildStart)
        for slot in start..<(start + Int(node.parameterChildCount)) {
            let outcome = enterParameter(children[slot], at: cursor, path, &state)
            if case .failed = outcome {} else { return outcome }
        }

        if node.wildcardChild >= 0 {
            guard let rest = PercentDecoding.decodeComponent(UnsafeBufferPointer(rebasing: path[cursor...])) else {
                return .badURL
            }
            state.captures.append(rest)
            let outcome = visit(node.wildcardChild, at: path.count, path, &state)
            if case .failed = outcome { state.captures.removeLast() }
            return outcome
        }
        return .failed
    }

    /// Captures the segment starting at `cursor` into the parametric node `nodeIndex`.
    private func enterParameter(_ nodeIndex: Int32, at cursor: Int, _ path: UnsafeBufferPointer<UInt8>, _ state: inout MatchState) -> Walk {
        var end = cursor
        while end < path.count, path[end] != Self.slash { end += 1 }
        let segment = UnsafeBufferPointer(rebasing: path[cursor..<end])
        let node = nodes[Int(nodeIndex)]
        let captured: Int
        if node.kind == .plainParameter {
            guard let value = PercentDecoding.decodeComponent(segment) else { return .badURL }
            if segment.count > options.maxParamLength, value.utf16.count > options.maxParamLength {
                state.sawTooLongParameter = true
                return .failed
            }
            state.captures.append(value)
            captured = 1
        } else {
            let matcher = matchers[Int(node.matcher)]
            let outcome: ParameterMatcher.Outcome
            if segment.contains(PercentDecoding.percent) {
                guard let decoded = PercentDecoding.decodedBytes(segment), PercentDecoding.isValidUTF8(decoded) else {
                    return .badURL
                }
                outcome = decoded.withUnsafeBufferPointer { matcher.match($0, maxParamLength: options.maxParamLength) }
            } else {
                outcome = matcher.match(segment, maxParamLength: options.maxParamLength)
            }
            switch outcome {
            case .noMatch:
                return .failed
            case .tooLong:
                state.sawTooLongParameter = true
                return .failed
            case .matched(let values):
                state.captures.append(contentsOf: values)
                captured = values.count
            }
        }
        let outcome = visit(nodeIndex, at: end, path, &state)
        if case .failed = outcome { state.captures.removeLast(captured) }
        return outcome
    }

    @inline(__always)
    private func folded(_ byte: UInt8) -> UInt8 {
        options.caseSensitive ? byte : PatternParser.asciiLowercased(byte)
    }

    @inline(__always)
    private func prefixMatches(_ node: Node, _ path: UnsafeBufferPointer<UInt8>, at cursor: Int) -> Bool {
        let count = Int(node.prefixCount)
        guard cursor + count <= path.count else { return false }
        let start = Int(node.prefixStart)
        if options.caseSensitive {
            for offset in 1..<max(count, 1) where path[cursor + offset] != prefixBytes[start + offset] { return false }
        } else {
            for offset in 1..<max(count, 1) where folded(path[cursor + offset]) != prefixBytes[start + offset] {
                return false
            }
        }
        return true
    }

    private static func containsDoubleSlash(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == slash, previous == slash { return true }
            previous = byte
        }
        return false
    }

    private static func collapsingSlashes(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        for byte in bytes where !(byte == slash && output.last == slash) { output.append(byte) }
        return output
    }
}
