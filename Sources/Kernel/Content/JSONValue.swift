/// A JSON document as a value: what the built-in JSON parser puts in ``Request/body``.
///
/// ```swift
/// if case .json(let json) = request.body, let name = json["name"]?.string { … }
/// ```
public indirect enum JSONValue: Sendable, Equatable, Encodable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, keys in document order.
    case object(JSONObject)

    /// The member named `key`, when this is an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { object[key] } else { nil }
    }

    /// The string, when this is a string.
    public var string: String? { if case .string(let value) = self { value } else { nil } }
    /// The number, when this is a number.
    public var number: Double? { if case .number(let value) = self { value } else { nil } }
    /// The integer, when this is a number without a fraction.
    public var integer: Int? {
        guard case .number(let value) = self, value.rounded() == value, abs(value) < 9.0e15 else { return nil }
        return Int(value)
    }
    /// The Boolean, when this is one.
    public var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
    /// The elements, when this is an array.
    public var array: [JSONValue]? { if case .array(let value) = self { value } else { nil } }
    /// The object, when this is one.
    public var object: JSONObject? { if case .object(let value) = self { value } else { nil } }

    /// Parses UTF-8 JSON text (RFC 8259), throwing ``JSONParseError`` on malformed input.
    public init(parsing bytes: [UInt8]) throws(JSONParseError) {
        var parser = JSONParser(bytes)
        self = try parser.parseDocument()
    }

    /// Encodes as the JSON it represents.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null: var c = encoder.singleValueContainer(); try c.encodeNil()
        case .bool(let value): var c = encoder.singleValueContainer(); try c.encode(value)
        case .number(let value): var c = encoder.singleValueContainer(); try c.encode(value)
        case .string(let value): var c = encoder.singleValueContainer(); try c.encode(value)
        case .array(let values): var c = encoder.unkeyedContainer(); for value in values { try c.encode(value) }
        case .object(let object):
            var c = encoder.container(keyedBy: AnyCodingKey.self)
            for (key, value) in object { try c.encode(value, forKey: AnyCodingKey(key)) }
        }
    }

    /// The compact JSON text.
    public var jsonText: String { String(decoding: (try? JSONWriter.encode(self)) ?? [], as: UTF8.self) }
}

/// A JSON object that keeps its keys in document order.
public struct JSONObject: Sendable, Equatable, Sequence {
    /// The keys, in order.
    public private(set) var keys: [String] = []
    /// The values, parallel to ``keys``.
    public private(set) var values: [JSONValue] = []

    /// An empty object.
    public init() {}

    /// The value for `key`; setting appends a new key or replaces an existing one, `nil` removes it.
    public subscript(key: String) -> JSONValue? {
        get { keys.firstIndex(of: key).map { values[$0] } }
        set {
            if let index = keys.firstIndex(of: key) {
                if let newValue { values[index] = newValue } else { keys.remove(at: index); values.remove(at: index) }
            } else if let newValue {
                keys.append(key); values.append(newValue)
            }
        }
    }

    /// The number of members.
    public var count: Int { keys.count }

    /// Iterates `(key, value)` pairs in order.
    public func makeIterator() -> Zip2Sequence<[String], [JSONValue]>.Iterator { zip(keys, values).makeIterator() }
}

/// A coding key made from any string or index.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { stringValue = String(intValue); self.intValue = intValue }
}
