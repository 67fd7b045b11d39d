/// JSON text that a reply carries as it is, neither parsed nor encoded again: a document the
/// application stored as JSON, like JavaScript's `JSON.rawJSON`.
///
/// Sending a stored 1 MiB document through ``JSONValue`` parses it into a tree of about twenty
/// times its size and encodes it back; a fragment is copied. The kernel's encoder (``JSONCoding``,
/// `reply.send(json:)`) writes the bytes in place; any other encoder gets the parsed value.
///
/// ```swift
/// struct Row: Encodable { var id: String; var document: JSONFragment }
/// let row = Row(id: "a", document: try JSONFragment(validating: Array(#"{"n": [1, 2]}"#.utf8)))
/// reply.send(json: row)   // {"id":"a","document":{"n": [1, 2]}}
/// ```
public struct JSONFragment: Encodable, Sendable, Equatable {
    /// The JSON text, one complete value.
    public let bytes: [UInt8]

    /// Wraps text known to be one complete JSON value (e.g. written by ``JSONCoding`` and read back
    /// from storage), without checking it: invalid text makes an invalid reply.
    public init(trusted bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Wraps `bytes` after checking that they are one complete JSON value.
    public init(validating bytes: [UInt8]) throws(JSONParseError) {
        _ = try JSONValue(parsing: bytes)
        self.bytes = bytes
    }

    /// The value the text holds.
    public func parsed() throws(JSONParseError) -> JSONValue { try JSONValue(parsing: bytes) }

    /// Copies the text into the kernel's encoder; gives any other encoder the parsed value.
    public func encode(to encoder: any Encoder) throws {
        guard let stream = encoder as? JSONStreamEncoder else { return try parsed().encode(to: encoder) }
        stream.sink.close(downTo: stream.level)
        bytes.withUnsafeBufferPointer { stream.sink.append($0) }
    }
}
