/// Where a request URL's path ends: at its first `?` or `#`, or at its end.
struct URLPathEnd: Sendable {
    /// The UTF-8 offset of the mark, or the URL's UTF-8 length when it has none.
    let offset: Int
    /// `?`, `#`, or 0 when the URL has neither.
    let mark: UInt8
}

extension Request {
    /// The path part of ``url``, without the query string.
    public var path: Substring { Self.path(of: url, endingAt: Self.pathEnd(of: url)) }

    /// The parsed query string; repeated keys keep every value.
    ///
    /// The query starts after the first `?` and runs to the end of ``url``; a `#` before any `?` starts a fragment,
    /// and then there is none (the path stops at either, see ``path``).
    public var query: QueryParameters {
        let end = routedPathEnd ?? Self.pathEnd(of: url)
        guard end.mark == UInt8(ascii: "?") else { return QueryParameters() }
        return QueryParameters(in: url, from: end.offset + 1)
    }

    /// The path part of a request URL: up to, not including, the first `?` or `#`.
    static func path(of url: String) -> Substring { path(of: url, endingAt: pathEnd(of: url)) }

    /// The path part of `url`, which ends at `end`.
    static func path(of url: String, endingAt end: URLPathEnd) -> Substring {
        guard end.mark != 0 else { return url[...] }
        // A `?` or `#` is ASCII, so its offset is a character boundary.
        let utf8 = url.utf8
        return Substring(utf8[..<utf8.index(utf8.startIndex, offsetBy: end.offset)])
    }

    /// Where `url`'s path ends: its first `?` or `#`, or its end.
    ///
    /// Read where the URL is stored, eight bytes at a time: every request's routing asks this, and the UTF-8 view's
    /// own search costs ~17 instructions a byte.
    static func pathEnd(of url: String) -> URLPathEnd {
        let utf8 = url.utf8
        let found = utf8.withContiguousStorageIfAvailable { bytes -> (Int, UInt8)? in
            guard let offset = firstQuestionOrHash(in: bytes) else { return nil }
            return (offset, bytes[offset])
        }
        if let found {
            guard let (offset, mark) = found else { return URLPathEnd(offset: utf8.count, mark: 0) }
            return URLPathEnd(offset: offset, mark: mark)
        }
        guard let index = utf8.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) else {
            return URLPathEnd(offset: utf8.count, mark: 0)
        }
        return URLPathEnd(offset: utf8.distance(from: utf8.startIndex, to: index), mark: utf8[index])
    }

    /// The index of the first `?` or `#` in `bytes`.
    static func firstQuestionOrHash(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        WordScan.firstIndex(
            in: UnsafeRawBufferPointer(bytes),
            flags: { WordScan.flagsEqual(UInt8(ascii: "?"), in: $0) | WordScan.flagsEqual(UInt8(ascii: "#"), in: $0) },
            where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") })
    }
}
