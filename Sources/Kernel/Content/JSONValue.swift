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
///
/// Small objects find a key by scanning their keys; past ``indexedCount`` members a key-to-position index is
/// kept, so building or reading an object of n members costs O(n), not O(n²) (a 1 MiB body of 130,000 keys
/// took 45 s of a loop's time to parse when every insert scanned).
public struct JSONObject: Sendable, Equatable, Sequence {
    /// The keys, in order.
    public private(set) var keys: [String] = []
    /// The values, parallel to ``keys``.
    public private(set) var values: [JSONValue] = []
    /// Each key's position in ``keys``, once there are more than ``indexedCount`` members.
    private var positions: [String: Int]?

    /// The member count past which keys are indexed rather than scanned.
    static let indexedCount = 16

    /// An empty object.
    public init() {}

    /// The value for `key`; setting appends a new key or replaces an existing one, `nil` removes it.
    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { values[$0] } }
        set {
            if let index = position(of: key) {
                if let newValue {
                    values[index] = newValue
                } else {
                    keys.remove(at: index)
                    values.remove(at: index)
                    positions = nil
                    indexIfLarge()
                }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
                if positions != nil { positions?[key] = keys.count - 1 } else { indexIfLarge() }
            }
        }
    }

    /// The number of members.
    public var count: Int { keys.count }

    /// Iterates `(key, value)` pairs in order.
    public func makeIterator() -> Zip2Sequence<[String], [JSONValue]>.Iterator { zip(keys, values).makeIterator() }

    /// Members in the same order with equal values; the index is derived, so it is not compared.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool { lhs.keys == rhs.keys && lhs.values == rhs.values }

    private func position(of key: String) -> Int? {
        if let positions { return positions[key] }
        return keys.firstIndex(of: key)
    }

    /// Builds the index once the object is past ``indexedCount`` members (keys are unique, so no position is lost).
    private mutating func indexIfLarge() {
        guard positions == nil, keys.count > Self.indexedCount else { return }
        positions = Dictionary(uniqueKeysWithValues: zip(keys, keys.indices))
    }
}

/// A coding key made from any string or index.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { stringValue = String(intValue); self.intValue = intValue }
}
