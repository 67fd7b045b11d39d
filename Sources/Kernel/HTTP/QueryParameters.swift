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
    /// The text that holds the query (a request's whole URL, say), and where in its UTF-8 the query lies,
    /// without the leading `?`: kept as offsets, so no substring is cut per request.
    private let text: String
    private let range: Range<Int>

    /// No parameters.
    public init() {
        text = ""
        range = 0..<0
    }

    /// Reads `a=1&b=2&a=3` (without the leading `?`).
    public init(parsing query: Substring) {
        let utf8 = query.base.utf8
        text = query.base
        range = utf8.distance(from: utf8.startIndex, to: query.startIndex)..<utf8.distance(from: utf8.startIndex, to: query.endIndex)
    }

    /// The query that starts at UTF-8 offset `start` of `url` and runs to its end.
    init(in url: String, from start: Int) {
        text = url
        range = start..<url.utf8.count
    }

    /// The first value for `name`.
    public subscript(name: String) -> String? {
        var wanted = name
        return wanted.withUTF8 { target in
            let targetIsASCII = QueryPiece.isASCII(target)
            var found: String?
            forEachPiece { piece in
                guard piece.isNamed(name, utf8: target, isASCII: targetIsASCII) else { return true }
                found = piece.decodedValue
                return false
            }
            return found
        }
    }

    /// Calls `body` with the UTF-8 of the first value for `name`, or `nil` when there is none: what
    /// `self[name]?.utf8` would hold. A value sent plain is read where it lies, with no `String` made, so a hook
    /// that only compares the value (a token, say) pays no allocation and no UTF-8 validation.
    ///
    /// ```swift
    /// let isDebug = request.query.withUTF8Value(named: "debug") { $0?.elementsEqual("1".utf8) ?? false }
    /// ```
    @inlinable
    public func withUTF8Value<Result>(named name: String, _ body: (UnsafeBufferPointer<UInt8>?) throws -> Result) rethrows -> Result {
        // Generic only here, where the caller's module specializes it; the scan itself is not generic.
        var result: Result?
        try visitUTF8Value(named: name) { result = try body($0) }
        return result!
    }

    /// ``withUTF8Value(named:_:)``'s scan: calls `body` exactly once.
    @usableFromInline
    func visitUTF8Value(named name: String, _ body: (UnsafeBufferPointer<UInt8>?) throws -> Void) rethrows {
        var wanted = name
        try wanted.withUTF8 { target in
            let targetIsASCII = QueryPiece.isASCII(target)
            var found = false
            try forEachPiece { piece in
                guard piece.isNamed(name, utf8: target, isASCII: targetIsASCII) else { return true }
                found = true
                if let value = piece.value, !piece.valueIsPlain {
                    var decoded = QueryPiece.decode(value)
                    try decoded.withUTF8(body)
                } else {
                    try body(piece.value ?? UnsafeBufferPointer(start: nil, count: 0))
                }
                return false
            }
            if !found { try body(nil) }
        }
    }

    /// Every value for `name`.
    public func values(for name: String) -> [String] {
        var wanted = name
        return wanted.withUTF8 { target in
            let targetIsASCII = QueryPiece.isASCII(target)
            var values: [String] = []
            forEachPiece { piece in
                if piece.isNamed(name, utf8: target, isASCII: targetIsASCII) { values.append(piece.decodedValue) }
                return true
            }
            return values
        }
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
    /// returns `false`. Read as UTF-8 bytes, in one pass that also notes which parts need decoding: every
    /// delimiter is ASCII, so each cut falls between characters (reading Characters cost ~13 000 instructions
    /// for `token=abc`).
    private func forEachPiece(_ body: (QueryPiece) throws -> Bool) rethrows {
        let range = self.range
        func walk(_ whole: UnsafeBufferPointer<UInt8>) throws {
            guard let base = whole.baseAddress, !range.isEmpty else { return }
            // Both initializers take the range from offsets into this same text.
            assert(range.upperBound <= whole.count, "query range outside its text")
            let bytes = base + range.lowerBound, count = range.count
            var start = 0
            while start < count {
                var end = start, equals = -1, hash = -1, nameIsPlain = true, valueIsPlain = true
                while end < count {
                    let byte = bytes[end]
                    // Letters and most punctuation (`>` to DEL) are plain and end nothing: one comparison.
                    if byte &- 0x3E < 0x42 { end += 1; continue }
                    if byte == UInt8(ascii: "&") { break }
                    if hash < 0 {
                        if byte == UInt8(ascii: "#") {
                            hash = end
                        } else if byte == UInt8(ascii: "="), equals < 0 {
                            equals = end
                        } else if !QueryPiece.isPlain(byte) {
                            if equals < 0 { nameIsPlain = false } else { valueIsPlain = false }
                        }
                    }
                    end += 1
                }
                let pieceEnd = hash < 0 ? end : hash
                if pieceEnd > start {
                    let nameEnd = equals < 0 ? pieceEnd : equals
                    let piece = QueryPiece(
                        name: UnsafeBufferPointer(start: bytes + start, count: nameEnd - start), nameIsPlain: nameIsPlain,
                        value: equals < 0 ? nil : UnsafeBufferPointer(start: bytes + equals + 1, count: pieceEnd - equals - 1),
                        valueIsPlain: valueIsPlain)
                    if try !body(piece) { return }
                }
                start = end + 1
            }
        }
        if try text.utf8.withContiguousStorageIfAvailable(walk) == nil { try Array(text.utf8).withUnsafeBufferPointer(walk) }
    }
}

/// One `name=value` piece of a query, as bytes of the query string (valid only inside ``QueryParameters``' scan).
private struct QueryPiece {
    let name: UnsafeBufferPointer<UInt8>
    /// Whether every byte of the name is ``isPlain(_:)``: it then decodes to itself.
    let nameIsPlain: Bool
    /// `nil` when the piece has no `=`; its value is then empty.
    let value: UnsafeBufferPointer<UInt8>?
    let valueIsPlain: Bool

    var decodedName: String { nameIsPlain ? String(decoding: name, as: UTF8.self) : Self.decode(name) }
    var decodedValue: String {
        guard let value else { return "" }
        return valueIsPlain ? String(decoding: value, as: UTF8.self) : Self.decode(value)
    }

    /// Whether the decoded name equals `wanted` (as `String`s compare), given its UTF-8. When both are plain ASCII
    /// (no escape, no `+`), the bytes are compared with no string made: ASCII text compares equal only to the same bytes.
    func isNamed(_ wanted: String, utf8 target: UnsafeBufferPointer<UInt8>, isASCII: Bool) -> Bool {
        guard nameIsPlain, isASCII else { return decodedName == wanted }
        guard name.count == target.count else { return false }
        for index in 0..<name.count where name[index] != target[index] { return false }
        return true
    }

    /// A byte that decodes to itself as a one-byte character: ASCII other than `+` and `%`.
    @inline(__always)
    static func isPlain(_ byte: UInt8) -> Bool {
        byte < 0x80 && byte != UInt8(ascii: "+") && byte != UInt8(ascii: "%")
    }

    /// Whether every byte is ASCII.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte >= 0x80 { return false }
        return true
    }

    /// One name or value: `+` read as a space, then percent-decoded; text with a malformed escape, or that does
    /// not decode to UTF-8, is kept as it was sent.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
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
