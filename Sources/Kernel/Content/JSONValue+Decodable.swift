/// `Decodable` for ``JSONValue``, so a request or domain type can hold free-form JSON
/// (a step's `config`, an execution's `result`) and still decode with `request.decode(_:)`.
///
/// ```swift
/// struct NewStep: Decodable { let name: String; let config: JSONValue }
/// let step = try JSONCoding.decode(NewStep.self, from: Array(#"{"name":"a","config":{"ms":5}}"#.utf8))
/// step.config["ms"]?.integer   // 5
/// ```
///
/// Object members come in the order the decoder's `allKeys` lists them; Foundation's `JSONDecoder`
/// does not promise document order. When order matters, parse with ``JSONValue/init(parsing:)``.
extension JSONValue: Decodable {
    /// Decodes any JSON value: null, Boolean, number, string, array or object.
    public init(from decoder: any Decoder) throws {
        let single = try? decoder.singleValueContainer()
        if let single {
            if single.decodeNil() { self = .null; return }
            if let value = try? single.decode(Bool.self) { self = .bool(value); return }
            if let value = try? single.decode(Double.self) { self = .number(value); return }
            if let value = try? single.decode(String.self) { self = .string(value); return }
        }
        if let keyed = try? decoder.container(keyedBy: AnyCodingKey.self) {
            var object = JSONObject()
            for key in keyed.allKeys { object[key.stringValue] = try keyed.decode(JSONValue.self, forKey: key) }
            self = .object(object)
            return
        }
        if var unkeyed = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !unkeyed.isAtEnd { elements.append(try unkeyed.decode(JSONValue.self)) }
            self = .array(elements)
            return
        }
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a JSON value"))
    }
}
