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
    private var fields: [Field]
    /// Fields shared with other replies (see ``HTTPHeaderBlock``), logically between `fields[..<blockIndex]`
    /// and `fields[blockIndex...]`. Any change that would touch a field of that name, or remove one, first
    /// copies the block into `fields`, so `blockIndex` only has to survive appends.
    private var block: HTTPHeaderBlock?
    private var blockIndex = 0

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
    public var count: Int { fields.count + (block?.fields.count ?? 0) }

    /// Whether there are no fields.
    public var isEmpty: Bool { fields.isEmpty && block == nil }

    /// The fields as stored, for the transport to serialize by index without copying them; a shared
    /// block's lines go before `storedFields[sharedBlock.index]`.
    var storedFields: [Field] { fields }

    /// The shared block and where its lines go among ``storedFields``.
    var sharedBlock: (block: HTTPHeaderBlock, index: Int)? { block.map { ($0, blockIndex) } }

    /// Every field in order, the shared block's included.
    private var allFields: [Field] {
        guard let block else { return fields }
        return Array(fields[..<blockIndex]) + block.fields + fields[blockIndex...]
    }

    /// Iterates the fields in order.
    public func makeIterator() -> IndexingIterator<[Field]> { allFields.makeIterator() }

    /// Copies the shared block into `fields`, before a change that could touch or move its fields.
    private mutating func unshare() {
        guard let block else { return }
        fields.insert(contentsOf: block.fields, at: blockIndex)
        self.block = nil
        blockIndex = 0
    }

    /// Whether `key` (lowercased) names a field in the shared block or among the fields after it.
    private func blockMayBeTouched(by key: String) -> Bool {
        guard let block else { return false }
        return block.contains(key) || fields.firstIndex(named: key, in: blockIndex..<fields.count) != nil
    }

    /// The first value for `name` (case-insensitive); setting replaces every field of that name, `nil` removes them.
    public subscript(name: String) -> String? {
        get {
            // A name with capitals is looked up again in lowercase; a lowercase one is used as it is, with no copy.
            if Self.hasUppercase(name) { return self[Self.normalize(name)] }
            let key = name
            guard let block else { return fields.firstIndex(named: key, in: 0..<fields.count).map { fields[$0].value } }
            if let index = fields.firstIndex(named: key, in: 0..<blockIndex) { return fields[index].value }
            if let index = block.index(of: key) { return block.fields[index].value }
            return fields.firstIndex(named: key, in: blockIndex..<fields.count).map { fields[$0].value }
        }
        set {
            if Self.hasUppercase(name) {
                self[Self.normalize(name)] = newValue
                return
            }
            let key = name
            if blockMayBeTouched(by: key) { unshare() }
            // From here on a field named `key` can only sit before the shared block: removing one moves the block up.
            guard let newValue else {
                guard fields.firstIndex(named: key, in: 0..<fields.count) != nil else { return }
                if block != nil { blockIndex -= fields.count { $0.isNamed(key) } }
                fields.removeAll { $0.isNamed(key) }
                return
            }
            if let index = fields.firstIndex(named: key, in: 0..<fields.count) {
                fields[index].value = newValue
                var next = index + 1
                while next < fields.count {
                    guard fields[next].isNamed(key) else { next += 1; continue }
                    fields.remove(at: next)
                    if block != nil { blockIndex -= 1 }
                }
            } else {
                fields.append(Field(name: key, value: newValue))
            }
        }
    }

    /// Appends a field, keeping any existing fields of the same name.
    public mutating func add(_ name: String, _ value: String) {
        let key = Self.normalize(name)
        // A second value for a shared block's field changes that field: the block is no longer shared as it was set.
        if block?.contains(key) == true { unshare() }
        fields.append(Field(name: key, value: value))
    }

    /// Appends a field whose name is already lowercase: the parser's fast path, and the kernel's for a default
    /// it has just found missing (then appending is what setting it would do).
    mutating func addLowercased(_ name: String, _ value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Sets several fields at once (names lowercased once here): fields of those names are replaced,
    /// the rest are appended in order, with one capacity reservation instead of one growth per field.
    public mutating func set(_ pairs: [(name: String, value: String)]) {
        // Plugins pass lowercase names: then the pairs are used as they are, with no normalized copy.
        let normalized = pairs.contains { Self.hasUppercase($0.name) } ? pairs.map { (name: Self.normalize($0.name), value: $0.value) } : pairs
        unshare()
        if !fields.isEmpty { fields.removeAll { field in normalized.contains { field.isNamed($0.name) } } }
        fields.reserveCapacity(fields.count + normalized.count)
        for pair in normalized { fields.append(Field(name: pair.name, value: pair.value)) }
    }

    /// Whether the list has room reserved for fields (a reply's has, until it is handed on for reuse).
    var hasReservedRoom: Bool { fields.capacity > 0 }

    /// Removes every field but keeps the room reserved for them, so the next reply on a connection reuses it.
    mutating func removeAllKeepingCapacity() {
        fields.removeAll(keepingCapacity: true)
        block = nil
        blockIndex = 0
    }

    /// Gives empty headers the fields of `preset` (a route's preset reply fields), keeping the room already
    /// reserved here: the shared block by reference, any other field appended.
    mutating func start(with preset: HTTPHeaders) {
        guard isEmpty else {
            for field in preset where !contains(field.name) { self[field.name] = field.value }
            return
        }
        if !preset.fields.isEmpty { fields.append(contentsOf: preset.fields) }
        block = preset.block
        blockIndex = preset.blockIndex
    }

    /// Sets the fields of a shared ``HTTPHeaderBlock`` as setting its pairs would: fields of those names are
    /// replaced. When none is present yet, the headers keep a reference to the block instead of copies; when
    /// another block was the last thing set, to one block of both (``HTTPHeaderBlock/followed(by:)``).
    public mutating func set(_ shared: HTTPHeaderBlock) {
        guard !shared.fields.isEmpty else { return }
        if !fields.contains(where: { shared.contains($0.name) }) {
            guard let current = block else {
                block = shared
                blockIndex = fields.count
                return
            }
            // Nothing was added after the current block, so the new fields would follow it directly.
            if blockIndex == fields.count, let joined = current.followed(by: shared) {
                block = joined
                return
            }
        }
        set(shared.fields.map { (name: $0.name, value: $0.value) })
    }

    /// Whether these headers still hold every field of `block` as ``set(_:)-(HTTPHeaderBlock)`` put them there:
    /// they share the block, or a block joined from it, and none of its fields was replaced or removed since.
    /// `false` means the answer is not known this way, and the fields have to be looked up one by one.
    ///
    /// A plugin that sets a block early and fills in missing fields late asks this first, to skip the lookups.
    public func sharesFields(of block: HTTPHeaderBlock) -> Bool {
        guard let current = self.block else { return false }
        return current.includesFields(of: block)
    }

    /// Every value for `name`, in order.
    public func values(for name: String) -> [String] {
        if Self.hasUppercase(name) { return values(for: Self.normalize(name)) }
        let key = name
        var values: [String] = []
        func collect(_ list: [Field], _ range: Range<Int>) {
            var start = range.lowerBound
            while let index = list.firstIndex(named: key, in: start..<range.upperBound) {
                values.append(list[index].value)
                start = index + 1
            }
        }
        guard let block else { collect(fields, 0..<fields.count); return values }
        collect(fields, 0..<blockIndex)
        if block.mayContain(key) { collect(block.fields, 0..<block.fields.count) }
        collect(fields, blockIndex..<fields.count)
        return values
    }

    /// How many fields are named `name` (case-insensitive).
    public func fieldCount(named name: String) -> Int {
        if Self.hasUppercase(name) { return fieldCount(named: Self.normalize(name)) }
        let key = name
        var count = 0, start = 0
        while let index = fields.firstIndex(named: key, in: start..<fields.count) { count += 1; start = index + 1 }
        guard let block, block.mayContain(key) else { return count }
        start = 0
        while let index = block.fields.firstIndex(named: key, in: start..<block.fields.count) { count += 1; start = index + 1 }
        return count
    }

    /// Equal when the fields, shared ones included, are equal in order.
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool { lhs.allFields == rhs.allFields }

    /// Hashes the fields in order, shared ones included.
    public func hash(into hasher: inout Hasher) { hasher.combine(allFields) }

    /// Whether a field named `name` is present. Found by name alone: no value is copied out.
    public func contains(_ name: String) -> Bool {
        if Self.hasUppercase(name) { return contains(Self.normalize(name)) }
        return fields.firstIndex(named: name, in: 0..<fields.count) != nil || block?.contains(name) == true
    }

    /// Removes every field named `name`. Asking first costs one lookup when there is none, which is the
    /// common case for a plugin that removes a field on every reply (`x-powered-by`), where entering the setter costs more.
    public mutating func remove(_ name: String) {
        guard contains(name) else { return }
        self[name] = nil
    }
}
