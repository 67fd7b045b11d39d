/// A parsed and validated route pattern such as `/users/:id/files/*`.
///
/// Syntax (find-my-way 9):
/// - static text; `::` is a literal colon;
/// - `:name` — one parameter, up to the next `/` (or to a `-`/`.` that starts static text);
/// - several parameters in one segment, separated by static text: `/near/:lat-:lng`,
///   `/file/:name.:ext`, `/:file.png`;
/// - `:name(regex)` — a parameter constrained by a regular expression (Swift `Regex` syntax,
///   which covers the usual JavaScript forms; `^`/`$` at its ends are optional);
/// - `*` — wildcard, the rest of the path, only as the last character;
/// - `/:name?` — the last parameter is optional: the pattern registers both
///   `…/:name` and `…` (the two ``variants``).
///
/// ```swift
/// let pattern = try RoutePattern(parsing: "/users/:id?")
/// pattern.variants.count   // 2: "/users/:id" and "/users"
/// ```
struct RoutePattern: Sendable {
    /// One piece of a pattern as stored in the trie.
    enum Component: Hashable, Sendable {
        /// Static text, UTF-8, already case-folded when the router is case-insensitive.
        case literal([UInt8])
        /// One parametric node (one or more parameters in a single segment).
        case parameter(ParameterSegment)
        /// The trailing `*`.
        case wildcard
    }

    /// One concrete route the pattern registers (two when the last parameter is optional).
    struct Variant: Sendable {
        /// The pattern text after slash normalization.
        let path: String
        let components: [Component]
        /// Parameter names in capture order; `*` for the wildcard.
        let parameterNames: [String]
        /// Equal for patterns find-my-way considers the same route (parameter names and
        /// regex bodies ignored); used to report duplicates.
        let shapeKey: String
    }

    /// The pattern as written.
    let source: String
    /// The routes to register, full form first.
    let variants: [Variant]

    /// Parses `source`, applying the slash and case options the way the router will match.
    init(parsing source: String, options: RouterOptions = RouterOptions()) throws(RoutingError) {
        guard !source.isEmpty else { throw .emptyPath() }
        let bytes = Array(source.utf8)
        guard bytes[0] == UInt8(ascii: "/") || bytes[0] == UInt8(ascii: "*") else {
            throw .invalid(source, "the first character of a path should be `/` or `*`")
        }
        var variantPaths = [bytes]
        if let (full, short) = try Self.splitOptionalParameter(bytes, source: source) {
            variantPaths = [full, short]
        }
        var variants: [Variant] = []
        for var path in variantPaths {
            if options.ignoreDuplicateSlashes { path = Self.collapsingSlashes(path) }
            if options.ignoreTrailingSlash, path.count > 1, path.last == UInt8(ascii: "/") {
                path.removeLast()
            }
            var parser = PatternParser(bytes: path, source: source)
            let components = try parser.parse(foldingCase: !options.caseSensitive)
            variants.append(
                Variant(
                    path: String(decoding: path, as: UTF8.self),
                    components: components,
                    parameterNames: parser.parameterNames,
                    shapeKey: Self.shapeKey(components, foldingCase: !options.caseSensitive)))
        }
        self.source = source
        self.variants = variants
    }

    /// Splits `…/:name?` (optionally followed by one `/`) into its full and short forms,
    /// like find-my-way's `(\/:[^/()]*?)\?(\/?)`; `nil` when there is no optional parameter.
    private static func splitOptionalParameter(
        _ bytes: [UInt8], source: String
    ) throws(RoutingError) -> ([UInt8], [UInt8])? {
        let slash = UInt8(ascii: "/")
        var start = 0
        while start + 1 < bytes.count {
            defer { start += 1 }
            guard bytes[start] == slash, bytes[start + 1] == UInt8(ascii: ":") else { continue }
            var mark = start + 2
            while mark < bytes.count, !"/()?".utf8.contains(bytes[mark]) { mark += 1 }
            guard mark < bytes.count, bytes[mark] == UInt8(ascii: "?") else { continue }
            var end = mark + 1
            if end < bytes.count, bytes[end] == slash { end += 1 }
            guard end == bytes.count else {
                throw .invalid(source, "Optional Parameter needs to be the last parameter of the path")
            }
            let tail = bytes[(mark + 1)...]
            let full = Array(bytes[..<mark]) + tail
            let short = Array(bytes[..<start]) + tail
            return (full, short.isEmpty ? [slash] : short)
        }
        return nil
    }

    private static func collapsingSlashes(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        for byte in bytes where !(byte == UInt8(ascii: "/") && output.last == byte) {
            output.append(byte)
        }
        return output
    }

    /// Static text verbatim, each parametric node as its parameter/literal layout.
    private static func shapeKey(_ components: [Component], foldingCase: Bool) -> String {
        var key = ""
        for component in components {
            switch component {
            case .literal(let text): key += String(decoding: text, as: UTF8.self)
            case .parameter(let segment): key += "\u{1}" + segment.shapeKey + "\u{2}"
            case .wildcard: key += "\u{3}"
            }
        }
        return foldingCase ? key.lowercased() : key
    }
}
