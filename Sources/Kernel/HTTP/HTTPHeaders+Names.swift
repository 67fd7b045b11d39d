/// Header names are tokens, kept in lowercase: the checks and lookups that keep that cheap.
extension HTTPHeaders {
    /// One header field: a lowercased name and its value.
    public struct Field: Sendable, Hashable {
        /// The field name, lowercased.
        public let name: String
        /// The field value, as given.
        public var value: String

        /// Whether the name is `key` (already lowercased); lengths first, so most fields cost one comparison.
        @inline(__always)
        func isNamed(_ key: String) -> Bool { name.utf8.count == key.utf8.count && name == key }
    }

    /// Lowercases ASCII letters only; header names are tokens. A name that is already lowercase is
    /// returned as is, and a short one (15 bytes or fewer) is rebuilt in place, with no allocation.
    static func normalize(_ name: String) -> String {
        guard hasUppercase(name) else { return name }
        let utf8 = name.utf8
        return String(unsafeUninitializedCapacity: utf8.count) { buffer in
            for (index, byte) in utf8.enumerated() { buffer[index] = byte >= 65 && byte <= 90 ? byte + 32 : byte }
            return utf8.count
        }
    }

    /// Whether `name` holds an ASCII capital; eight bytes at a time over the contiguous UTF-8, since
    /// plugins look up names such as `access-control-allow-origin` several times per request.
    @inline(__always)
    static func hasUppercase(_ name: String) -> Bool {
        let found = name.utf8.withContiguousStorageIfAvailable { containsUppercase(UnsafeRawBufferPointer($0)) }
        if let found { return found }
        return name.utf8.contains { $0 &- 65 < 26 }
    }

    /// Whether `bytes` holds a byte in `A`…`Z`. A word's screen clears bit 7 of each byte first, so that no
    /// addition carries into the next byte: `b + 0x3F` reaches bit 7 when `b >= 0x41` (`A`), `b + 0x25` when
    /// `b >= 0x5B` (past `Z`); bytes that had bit 7 set are left out. The screen is exact.
    static func containsUppercase(_ bytes: UnsafeRawBufferPointer) -> Bool {
        WordScan.contains(bytes, screen: { word in
            let seven = word & ~WordScan.highBits
            return (seven &+ 0x3F3F_3F3F_3F3F_3F3F) & ~(seven &+ 0x2525_2525_2525_2525) & ~word & WordScan.highBits != 0
        }, where: { $0 &- 65 < 26 })
    }

    /// Whether the comma-separated list in `name` contains `token`, compared case-insensitively.
    public func containsToken(_ token: String, in name: String) -> Bool {
        // Most replies have no such field: one lookup answers, with no list of values built.
        guard self[name] != nil else { return false }
        let wanted = Self.normalize(token)
        for value in values(for: name) {
            for part in value.split(separator: ",") {
                if Self.normalize(String(part.trimmingSpaces())) == wanted { return true }
            }
        }
        return false
    }
}

extension Substring {
    /// The substring without leading and trailing spaces and tabs.
    func trimmingSpaces() -> Substring {
        var start = startIndex, end = endIndex
        while start < end, self[start] == " " || self[start] == "\t" { start = index(after: start) }
        while end > start, self[index(before: end)] == " " || self[index(before: end)] == "\t" { end = index(before: end) }
        return self[start..<end]
    }
}

extension [HTTPHeaders.Field] {
    /// The first index in `range` of a field named `key` (lowercased). It reads the fields in place
    /// through the buffer, where iterating the array would copy each field and retain its strings.
    @inline(__always)
    func firstIndex(named key: String, in range: Range<Int>) -> Int? {
        withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            let length = key.utf8.count
            var index = range.lowerBound
            while index < range.upperBound {
                // Through `pointee`, only the name is read: no copy of the field.
                if (base + index).pointee.name.utf8.count == length, (base + index).pointee.name == key { return index }
                index += 1
            }
            return nil
        }
    }
}
