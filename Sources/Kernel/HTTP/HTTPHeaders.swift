/// An ordered list of header fields that keeps repeated names.
///
/// Names are lowercased once, on insert, so lookups are plain comparisons.
///
/// ```swift
/// var headers = HTTPHeaders()
/// headers.add("Set-Cookie", "a=1")
/// headers.add("set-cookie", "b=2")
/// headers["content-type"] = "text/plain"
/// headers.values(for: "set-cookie")   // ["a=1", "b=2"]
/// ```
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral, Hashable {
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

    private var fields: [Field]

    /// An empty header list.
    public init() { fields = [] }

    /// An empty header list with room for `capacity` fields (one allocation instead of several growths).
    public init(reservingCapacity capacity: Int) {
        fields = []
        fields.reserveCapacity(capacity)
    }

    /// A header list from name/value pairs, in order.
    public init(_ pairs: [(String, String)]) {
        fields = []
        fields.reserveCapacity(pairs.count)
        for (name, value) in pairs { add(name, value) }
    }

    /// A header list from a literal.
    public init(dictionaryLiteral elements: (String, String)...) { self.init(elements) }

    /// The number of fields.
    public var count: Int { fields.count }

    /// Whether there are no fields.
    public var isEmpty: Bool { fields.isEmpty }

    /// The fields as stored, for the transport to serialize by index without copying them.
    var storedFields: [Field] { fields }

    /// Iterates the fields in order.
    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    /// The first value for `name` (case-insensitive); setting replaces every field of that name, `nil` removes them.
    public subscript(name: String) -> String? {
        get {
            let key = Self.normalize(name)
            for field in fields where field.isNamed(key) { return field.value }
            return nil
        }
        set {
            let key = Self.normalize(name)
            guard let newValue else { fields.removeAll { $0.isNamed(key) }; return }
            if let index = fields.firstIndex(where: { $0.isNamed(key) }) {
                fields[index].value = newValue
                var next = index + 1
                while next < fields.count {
                    if fields[next].isNamed(key) { fields.remove(at: next) } else { next += 1 }
                }
            } else {
                fields.append(Field(name: key, value: newValue))
            }
        }
    }

    /// Appends a field, keeping any existing fields of the same name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append(Field(name: Self.normalize(name), value: value))
    }

    /// Appends a field whose name is already lowercase (the transport's fast path).
    mutating func addLowercased(_ name: String, _ value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Sets several fields at once (names lowercased once here): fields of those names are replaced,
    /// the rest are appended in order, with one capacity reservation instead of one growth per field.
    public mutating func set(_ pairs: [(name: String, value: String)]) {
        // Plugins pass lowercase names: then the pairs are used as they are, with no normalized copy.
        let normalized = pairs.contains { Self.hasUppercase($0.name) } ? pairs.map { (name: Self.normalize($0.name), value: $0.value) } : pairs
        if !fields.isEmpty { fields.removeAll { field in normalized.contains { field.isNamed($0.name) } } }
        fields.reserveCapacity(fields.count + normalized.count)
        for pair in normalized { fields.append(Field(name: pair.name, value: pair.value)) }
    }

    /// Every value for `name`, in order.
    public func values(for name: String) -> [String] {
        let key = Self.normalize(name)
        return fields.compactMap { $0.isNamed(key) ? $0.value : nil }
    }

    /// How many fields are named `name` (case-insensitive).
    public func fieldCount(named name: String) -> Int {
        let key = Self.normalize(name)
        var count = 0
        for index in fields.indices where fields[index].isNamed(key) { count += 1 }
        return count
    }

    /// Whether a field named `name` is present.
    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Removes every field named `name`.
    public mutating func remove(_ name: String) { self[name] = nil }

    /// Whether the comma-separated list in `name` contains `token`, compared case-insensitively.
    public func containsToken(_ token: String, in name: String) -> Bool {
        let wanted = Self.normalize(token)
        for value in values(for: name) {
            for part in value.split(separator: ",") {
                if Self.normalize(String(part.trimmingSpaces())) == wanted { return true }
            }
        }
        return false
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
}

extension HTTPHeaders {
    /// Whether `name` holds an ASCII capital; a pointer loop over the contiguous UTF-8 (names are short).
    @inline(__always)
    static func hasUppercase(_ name: String) -> Bool {
        let found = name.utf8.withContiguousStorageIfAvailable { bytes in
            for byte in bytes where byte &- 65 < 26 { return true }
            return false
        }
        if let found { return found }
        return name.utf8.contains { $0 &- 65 < 26 }
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
