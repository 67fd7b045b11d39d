/// Query-string parameters in order, percent-decoded, `+` read as space; repeated keys keep every value.
///
/// The query is kept as sent and read on demand: looking up one name scans the bytes and decodes only the
/// value it returns, so a hook that reads `?token=` pays no list of every pair.
///
/// ```swift
/// request.query["page"]              // "2"
/// request.query.values(for: "tag")   // ["a", "b"]
/// ```
public struct QueryParameters: Sendable, Sequence {
    /// The query string as sent, without the leading `?`.
    private let raw: Substring

    /// No parameters.
    public init() { raw = "" }

    /// Reads `a=1&b=2&a=3` (without the leading `?`).
    public init(parsing query: Substring) { raw = query }

    /// The first value for `name`.
    public subscript(name: String) -> String? {
        var found: String?
        forEachPiece { piece in
            guard piece.isNamed(name) else { return true }
            found = piece.decodedValue
            return false
        }
        return found
    }

    /// Every value for `name`.
    public func values(for name: String) -> [String] {
        var values: [String] = []
        forEachPiece { piece in
            if piece.isNamed(name) { values.append(piece.decodedValue) }
            return true
        }
        return values
    }

    /// The number of pairs.
    public var count: Int {
        var count = 0
        forEachPiece { _ in count += 1; return true }
        return count
    }

    /// Iterates `(name, value)` pairs in order.
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        var pairs: [(name: String, value: String)] = []
        forEachPiece { piece in
            pairs.append((piece.decodedName, piece.decodedValue))
            return true
        }
        return pairs.makeIterator()
    }

    /// Calls `body` with each non-empty `&`-separated piece, cut at a `#` and split at its first `=`, until it
    /// returns `false`. Read as UTF-8 bytes, in one pass: every delimiter is ASCII, so each cut falls between
    /// characters (reading Characters cost ~13 000 instructions for `token=abc`).
    private func forEachPiece(_ body: (QueryPiece) -> Bool) {
        func walk(_ bytes: UnsafeBufferPointer<UInt8>) {
            var start = 0
            while start < bytes.count {
                var end = start, equals = -1, hash = -1
                while end < bytes.count {
                    let byte = bytes[end]
                    if byte == UInt8(ascii: "&") { break }
                    if hash < 0 {
                        if byte == UInt8(ascii: "#") { hash = end } else if byte == UInt8(ascii: "="), equals < 0 { equals = end }
                    }
                    end += 1
                }
                let pieceEnd = hash < 0 ? end : hash
                if pieceEnd > start {
                    let piece = equals < 0
                        ? QueryPiece(name: UnsafeBufferPointer(rebasing: bytes[start..<pieceEnd]), value: nil)
                        : QueryPiece(
                            name: UnsafeBufferPointer(rebasing: bytes[start..<equals]),
                            value: UnsafeBufferPointer(rebasing: bytes[(equals + 1)..<pieceEnd]))
                    if !body(piece) { return }
                }
                start = end + 1
            }
        }
        if raw.utf8.withContiguousStorageIfAvailable(walk) == nil { Array(raw.utf8).withUnsafeBufferPointer(walk) }
    }
}

/// One `name=value` piece of a query, as bytes of the query string (valid only inside ``QueryParameters``' scan).
private struct QueryPiece {
    let name: UnsafeBufferPointer<UInt8>
    /// `nil` when the piece has no `=`; its value is then empty.
    let value: UnsafeBufferPointer<UInt8>?

    var decodedName: String { Self.decode(name) }
    var decodedValue: String { value.map(Self.decode) ?? "" }

    /// Whether the decoded name equals `wanted` (as `String`s compare). When both are plain ASCII (no escape, no
    /// `+`), the bytes are compared with no string made: ASCII text compares equal only to the same bytes.
    func isNamed(_ wanted: String) -> Bool {
        var wanted = wanted
        let plain = wanted.withUTF8 { target -> Bool? in
            for byte in name where !Self.isPlainASCII(byte) { return nil }
            for byte in target where byte >= 0x80 { return nil }
            guard name.count == target.count else { return false }
            for index in 0..<name.count where name[index] != target[index] { return false }
            return true
        }
        return plain ?? (decodedName == wanted)
    }

    /// A byte that decodes to itself as a one-byte character: ASCII other than `+` and `%`.
    private static func isPlainASCII(_ byte: UInt8) -> Bool {
        byte < 0x80 && byte != UInt8(ascii: "+") && byte != UInt8(ascii: "%")
    }

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
