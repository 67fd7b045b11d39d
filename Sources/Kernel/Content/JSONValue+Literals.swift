/// Literal syntax for ``JSONValue`` and ``JSONObject``, for tests and fixed documents.
///
/// ```swift
/// let config: JSONValue = ["key": "answer", "value": [1, 2.5, true, nil]]
/// config.jsonText   // {"key":"answer","value":[1,2.5,true,null]}
/// ```
extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    /// `nil` is `.null`.
    public init(nilLiteral: ()) { self = .null }
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
