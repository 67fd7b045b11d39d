/// Query-string parameters in order, percent-decoded, `+` read as space; repeated keys keep every value.
///
/// ```swift
/// request.query["page"]              // "2"
/// request.query.values(for: "tag")   // ["a", "b"]
/// ```
public struct QueryParameters: Sendable, Sequence {
    private var pairs: [(name: String, value: String)]

    /// No parameters.
    public init() { pairs = [] }

    /// Parses `a=1&b=2&a=3` (without the leading `?`).
    public init(parsing query: Substring) {
        pairs = []
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            let piece = part.prefix { $0 != "#" }
            guard !piece.isEmpty else { continue }
            if let equals = piece.firstIndex(of: "=") {
                pairs.append((Self.decode(piece[..<equals]), Self.decode(piece[piece.index(after: equals)...])))
            } else {
                pairs.append((Self.decode(piece), ""))
            }
        }
    }

    /// The first value for `name`.
    public subscript(name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// Every value for `name`.
    public func values(for name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    /// The number of pairs.
    public var count: Int { pairs.count }

    /// Iterates `(name, value)` pairs in order.
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { pairs.makeIterator() }

    private static func decode(_ text: Substring) -> String {
        let plus = text.utf8.contains(UInt8(ascii: "+"))
        let source = plus ? Substring(text.replacingPlus()) : text
        return PercentDecoding.decode(source) ?? String(source)
    }
}

extension Substring {
    fileprivate func replacingPlus() -> String {
        String(decoding: utf8.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }
}
