/// Literal syntax for ``JSONValue`` and ``JSONObject``, for tests and fixed documents.
///
/// ```swift
/// let config: JSONValue = ["key": "answer", "value": [1, 2.5, true, .null]]
/// config.jsonText   // {"key":"answer","value":[1,2.5,true,null]}
/// ```
///
/// There is deliberately no `nil` literal: with one, a `nil` meant as `Optional<JSONValue>.none`
/// (e.g. `cond ? value : nil`) would silently become `.null`. Write `.null`.
extension JSONValue: ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    /// `true` / `false` are `.bool`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An integer literal is a `.number`.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// A float literal is a `.number`.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// A string literal is a `.string`.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An array literal is an `.array`.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// A dictionary literal is an `.object`, keys in the literal's order (a repeated key keeps its first place, last value).
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object from `(key, value)` pairs, in order; a repeated key keeps its first place and takes the last value.
    public init(_ members: some Sequence<(String, JSONValue)>) {
        self.init()
        for (key, value) in members { self[key] = value }
    }

    /// An object literal, keys in the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self.init(elements) }
}
