import Kernel

/// Merging a field name into a `Vary` header the way `@fastify/cors`'s `vary.js` does.
///
/// Rules: no (or empty) header → the field; `*` stays `*`; adding `*` gives `*`; a list holding `*`
/// becomes `*`; a field already listed (case-insensitive) leaves the header as is; otherwise
/// `", <Field>"` is appended to the header **as written** (odd spacing kept). Several `Vary` fields
/// are first joined with `", "`.
///
/// ```swift
/// try Vary.appending("Origin", to: " A ,B")     // " A ,B, Origin"
/// try Vary.appending("Origin", to: "*")         // "*"
/// Vary.tokens("a,,b,c,")                        // ["a", "b", "c"]
/// ```
public enum Vary {
    /// A field name that is not an RFC 9110 token.
    public struct InvalidFieldName: Error, Equatable, CustomStringConvertible {
        /// The rejected name.
        public let name: String
        /// `Fieldname contains invalid characters.`, as `vary.js` says.
        public var description: String { "Fieldname contains invalid characters." }
    }

    /// `header` with `field` merged in. Throws when `field` is not a token (and not `*`).
    public static func appending(_ field: String, to header: String?) throws(InvalidFieldName) -> String {
        guard field == "*" || isToken(field) else { throw InvalidFieldName(name: field) }
        guard let header, !header.isEmpty else { return field }
        if header == "*" || field == "*" { return "*" }
        let present = tokens(header)
        if present.contains("*") { return "*" }
        if present.contains(lowercased(field)) { return header }
        return header + ", " + field
    }

    /// Merges `field` into every `Vary` field of `headers`, leaving one field.
    public static func merge(_ field: String, into headers: inout HTTPHeaders) throws(InvalidFieldName) {
        // The two cases of nearly every response, without splitting or joining: no `Vary` yet, or one that is this field.
        switch headers.fieldCount(named: "vary") {
        case 0:
            headers["vary"] = try appending(field, to: nil)
            return
        case 1 where headers["vary"] == field:
            guard field == "*" || isToken(field) else { throw InvalidFieldName(name: field) }
            return
        default:
            break
        }
        let existing = headers.values(for: "vary")
        let merged = try appending(field, to: existing.isEmpty ? nil : existing.joined(separator: ", "))
        if existing.count == 1, existing[0] == merged { return }
        headers["vary"] = merged
    }

    /// The lowercased field names of a `Vary` value: split on commas, spaces trimmed, empty items skipped.
    public static func tokens(_ header: String) -> [String] {
        header.split(separator: ",", omittingEmptySubsequences: true).compactMap { item in
            let trimmed = item.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" })
            let token = String(trimmed.reversed())
            return token.isEmpty ? nil : lowercased(token)
        }
    }

    /// Whether `name` is a non-empty RFC 9110 token.
    static func isToken(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy(isTokenByte)
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    private static func lowercased(_ text: String) -> String {
        String(decoding: text.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
