extension Request {
    /// The path part of ``url``, without the query string.
    public var path: Substring { Self.path(of: url) }

    /// The parsed query string; repeated keys keep every value.
    ///
    /// The query starts after the first `?` and runs to the end of ``url``; a `#` before any `?` starts a fragment,
    /// and then there is none (the path stops at either, see ``path``).
    public var query: QueryParameters {
        guard let (offset, mark) = Self.pathEnd(of: url), mark == UInt8(ascii: "?") else { return QueryParameters() }
        return QueryParameters(in: url, from: offset + 1)
    }

    /// The path part of a request URL: up to, not including, the first `?` or `#`.
    static func path(of url: String) -> Substring {
        guard let (offset, _) = pathEnd(of: url) else { return url[...] }
        // A `?` or `#` is ASCII, so its offset is a character boundary.
        let utf8 = url.utf8
        return Substring(utf8[..<utf8.index(utf8.startIndex, offsetBy: offset)])
    }

    /// The UTF-8 offset of the first `?` or `#` in `url`, and which of the two it is; `nil` when it has neither.
    ///
    /// Read where the URL is stored, eight bytes at a time: every request's routing asks this, and the UTF-8 view's
    /// own search costs ~17 instructions a byte.
    static func pathEnd(of url: String) -> (offset: Int, mark: UInt8)? {
        let found = url.utf8.withContiguousStorageIfAvailable { bytes -> (Int, UInt8)? in
            guard let offset = firstQuestionOrHash(in: bytes) else { return nil }
            return (offset, bytes[offset])
        }
        if let found { return found }
        let utf8 = url.utf8
        guard let index = utf8.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) else { return nil }
        return (utf8.distance(from: utf8.startIndex, to: index), utf8[index])
    }

    /// The index of the first `?` or `#` in `bytes`.
    static func firstQuestionOrHash(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        WordScan.firstIndex(
            in: UnsafeRawBufferPointer(bytes),
            flags: { WordScan.flagsEqual(UInt8(ascii: "?"), in: $0) | WordScan.flagsEqual(UInt8(ascii: "#"), in: $0) },
            where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") })
    }
}
