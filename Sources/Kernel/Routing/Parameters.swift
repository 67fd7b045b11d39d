/// The path parameters of a matched route, in pattern order; the wildcard's key is `"*"`.
///
/// ```swift
/// // route "/users/:id/files/*", request "/users/42/files/a/b%20c"
/// params["id"]   // "42"
/// params["*"]    // "a/b c"
/// for (name, value) in params { … }
/// ```
public struct Parameters: Sendable, Sequence, Equatable {
    /// One parameter: its name in the pattern and its percent-decoded value.
    public typealias Element = (name: String, value: String)

    // `names` is shared with the route (no copy per request); `values` is the only per-request array.
    private let names: [String]
    private let values: [String]

    /// No parameters.
    public init() {
        names = []
        values = []
    }

    init(names: [String], values: [String]) {
        assert(names.count == values.count, "one value per parameter name")
        self.names = names
        self.values = values
    }

    /// The value of the parameter called `name` (the last one if a name repeats), or `nil`.
    public subscript(_ name: String) -> String? {
        var index = names.count
        while index > 0 {
            index -= 1
            if names[index] == name { return values[index] }
        }
        return nil
    }

    /// `true` when the route has no parameters.
    public var isEmpty: Bool { values.isEmpty }

    /// The number of parameters.
    public var count: Int { values.count }

    /// Iterates `(name, value)` pairs in pattern order.
    public func makeIterator() -> Iterator {
        Iterator(parameters: self)
    }

    /// Iterator over `(name, value)` pairs.
    public struct Iterator: IteratorProtocol {
        private let parameters: Parameters
        private var position = 0

        fileprivate init(parameters: Parameters) {
            self.parameters = parameters
        }

        /// The next pair, or `nil` at the end.
        public mutating func next() -> Element? {
            guard position < parameters.values.count else { return nil }
            defer { position += 1 }
            return (parameters.names[position], parameters.values[position])
        }
    }

    /// Equal when both hold the same names and values in the same order.
    public static func == (lhs: Parameters, rhs: Parameters) -> Bool {
        lhs.names == rhs.names && lhs.values == rhs.values
    }
}
