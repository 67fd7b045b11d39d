/// One parametric trie node: the parameters (and static text between them) of one segment.
///
/// `:id` is a single plain capture; `:lat-:lng` is capture, literal `-`, capture;
/// `:file.png` is capture, literal `.png`; `:id(^\d+)` is a capture with a regex.
struct ParameterSegment: Hashable, Sendable {
    /// A capture or a run of static text inside the segment.
    enum Piece: Hashable, Sendable {
        /// A parameter; `regex` is its `(…)` source text including the parentheses.
        case capture(name: String, regex: String?)
        /// Static text between or after parameters.
        case literal([UInt8])
    }

    let pieces: [Piece]

    /// `true` for a lone `:name` without regex: matched by a plain scan to the next `/`.
    var isPlain: Bool {
        if pieces.count == 1, case .capture(_, nil) = pieces[0] { return true }
        return false
    }

    /// The parameter names in order.
    var names: [String] {
        pieces.compactMap { piece in
            if case .capture(let name, _) = piece { return name }
            return nil
        }
    }

    /// The static text that ends a multi-parameter/regex segment (`.png` in `:file.png`), or `nil`.
    var staticSuffix: [UInt8]? {
        guard !isPlain, case .literal(let text)? = pieces.last else { return nil }
        return text
    }

    /// Identity of the node among its siblings: everything but the parameter names
    /// (find-my-way keys parametric children by their compiled regex).
    var nodeKey: String {
        var key = ""
        for piece in pieces {
            switch piece {
            case .capture(_, let regex): key += "\u{4}(" + (regex ?? "") + ")"
            case .literal(let text): key += "\u{5}" + String(decoding: text, as: UTF8.self)
            }
        }
        return key
    }

    /// Layout used for duplicate detection: like ``nodeKey`` but regex bodies ignored too,
    /// so `/a/:x(1)` and `/a/:y(2)` clash as they do in find-my-way.
    var shapeKey: String {
        if isPlain { return ":" }
        var key = ""
        for piece in pieces {
            switch piece {
            case .capture: key += "()"
            case .literal(let text): key += String(decoding: text, as: UTF8.self)
            }
        }
        return key
    }

    /// Sibling order: segments with a static ending (longer ending first), then other
    /// multi-parameter/regex segments, then the plain parameter.
    func hasPriority(over other: ParameterSegment) -> Bool {
        let (mine, theirs) = (priorityClass, other.priorityClass)
        if mine != theirs { return mine < theirs }
        if let suffix = staticSuffix, let otherSuffix = other.staticSuffix {
            return suffix.count > otherSuffix.count
        }
        return false
    }

    private var priorityClass: Int {
        if isPlain { return 2 }
        return staticSuffix == nil ? 1 : 0
    }
}
