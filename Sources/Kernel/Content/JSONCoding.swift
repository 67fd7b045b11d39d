import FoundationEssentials

/// The kernel's JSON entry points; the only file in Kernel that imports Foundation (for `JSONDecoder`).
public enum JSONCoding {
    /// Encodes a value as compact JSON with the streaming writer.
    public static func encode(_ value: some Encodable) throws -> [UInt8] { try JSONWriter.encode(value) }

    /// Decodes `T` from JSON bytes; failures become a 400 ``KernelError`` naming the field.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            throw KernelError(.validation, message: describe(error))
        }
    }

    /// The built-in `application/json` parser: empty → 400 `FST_ERR_CTP_EMPTY_JSON_BODY`, malformed → 400 `FST_ERR_CTP_INVALID_JSON_BODY`.
    static let parseBody: ContentTypeParser = { _, bytes in
        guard !bytes.isEmpty else { throw KernelError(.emptyJSONBody) }
        do {
            return .json(try JSONValue(parsing: bytes))
        } catch {
            throw KernelError(.invalidJSONBody, underlying: error)
        }
    }

    /// Fastify-style validation messages: `body/steps/0/name must be string`, `body must have required property 'name'`.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce("body") { result, key in result + "/" + (key.intValue.map(String.init) ?? key.stringValue) }
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath)) must have required property '\(key.stringValue)'"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) must be \(jsonTypeName(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) must be \(jsonTypeName(type))"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "body is not valid JSON" : "\(path(context.codingPath)) is invalid: \(context.debugDescription)"
        @unknown default:
            return "body is invalid"
        }
    }

    private static func jsonTypeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is Substring.Type: "string"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type: "integer"
        case is Double.Type, is Float.Type: "number"
        case is Bool.Type: "boolean"
        default:
            String(describing: type).hasPrefix("Array") ? "array" : "object"
        }
    }
}
