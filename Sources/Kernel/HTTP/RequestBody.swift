/// A parsed request body, as the scope's content-type parser produced it.
public enum RequestBody: Sendable {
    /// A JSON document (from the built-in `application/json` parser).
    case json(JSONValue)
    /// Text (from the built-in `text/plain` parser).
    case text(String)
    /// Raw bytes (from a parser that keeps them as they are).
    case bytes([UInt8])
    /// Anything a custom parser returned.
    case custom(any Sendable)

    /// The JSON value, when the body is JSON.
    public var json: JSONValue? { if case .json(let value) = self { value } else { nil } }
    /// The text, when the body is text.
    public var text: String? { if case .text(let value) = self { value } else { nil } }
}

extension Request {
    /// Decodes the JSON body into `T`; a mismatch is a 400 whose message names the field, like `body/name must be string`.
    ///
    /// ```swift
    /// struct NewProject: Decodable { let name: String }
    /// let input = try request.decode(NewProject.self)
    /// ```
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        guard let bytes = rawBody, !bytes.isEmpty else {
            throw KernelError(.validation, message: "body must be object")
        }
        return try JSONCoding.decode(type, from: bytes)
    }
}
