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
        pairs = query.utf8.withContiguousStorageIfAvailable(Self.parse)
            ?? Array(query.utf8).withUnsafeBufferPointer(Self.parse)
    }

    /// The pairs of `&`-separated pieces, each cut at a `#` and split at its first `=`. Read as UTF-8 bytes:
    /// every delimiter is ASCII, so each cut falls between characters (reading Characters cost ~13 000
    /// instructions for `token=abc`).
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> [(name: String, value: String)] {
        var pairs: [(name: String, value: String)] = []
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "&") { end += 1 }
            var pieceEnd = start
            while pieceEnd < end, bytes[pieceEnd] != UInt8(ascii: "#") { pieceEnd += 1 }
            if pieceEnd > start {
                var equals = start
                while equals < pieceEnd, bytes[equals] != UInt8(ascii: "=") { equals += 1 }
                let name = decode(UnsafeBufferPointer(rebasing: bytes[start..<equals]))
                let value = equals < pieceEnd ? decode(UnsafeBufferPointer(rebasing: bytes[(equals + 1)..<pieceEnd])) : ""
                pairs.append((name, value))
            }
            start = end + 1
        }
        return pairs
    }

    /// The first value for `name`.
    public subscript(name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// Every value for `name`.
    public func values(for name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    /// The number of pairs.
    public var count: Int { pairs.count }

    /// Iterates `(name, value)` pairs in order.
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { pairs.makeIterator() }

    /// One name or value: `+` read as a space, then percent-decoded; text with a malformed escape, or that does
    /// not decode to UTF-8, is kept as it was sent.
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var hasPlus = false, hasPercent = false
        for byte in bytes {
            if byte == UInt8(ascii: "+") { hasPlus = true } else if byte == UInt8(ascii: "%") { hasPercent = true }
        }
        guard hasPlus || hasPercent else { return String(decoding: bytes, as: UTF8.self) }
        let source = hasPlus ? bytes.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 } : Array(bytes)
        guard hasPercent, let decoded = PercentDecoding.decode(utf8: source) else { return String(decoding: source, as: UTF8.self) }
        return decoded
    }
}
