import Kernel

extension JSONValue {
    /// The compact JSON text stored in a column, written by the kernel's JSON writer.
    ///
    /// ```swift
    /// try JSONValue.object(["ms": 5]).storedText(field: "config")   // {"ms":5}
    /// ```
    /// - Throws: ``ValidationError`` naming `field` when the value holds a number JSON cannot
    ///   write (infinity or NaN, which only code can put there: request bodies with `1e999` are refused as invalid JSON).
    func storedText(field: String) throws(ValidationError) -> String {
        do {
            return String(decoding: try JSONCoding.encode(self), as: UTF8.self)
        } catch {
            throw ValidationError(field: field, problem: "must hold only finite numbers")
        }
    }

    /// Parses text read back from a column.
    static func parseStored(_ text: String) throws(JSONParseError) -> JSONValue {
        try JSONValue(parsing: Array(text.utf8))
    }
}
