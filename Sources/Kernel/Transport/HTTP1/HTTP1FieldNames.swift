/// The request field names clients send most, as string literals.
///
/// A parsed name that is one of them, in any case, becomes its literal: a literal is built into the binary,
/// so it costs no allocation, no copy and no reference counting, where building the string cost a few hundred
/// instructions per field (and an allocation past 15 bytes). A browser's request is mostly these names.
///
/// ```swift
/// HTTP1FieldNames.common(bytes)   // ("user-agent", .other) for the bytes of `User-Agent`, nil for `X-Trace`
/// ```
enum HTTP1FieldNames {
    /// What the parser does with a field besides keeping it (``HTTP1RequestHead/FieldSummary``).
    enum Role { case host, contentLength, transferEncoding, connection, upgrade, expect, other }

    /// The lowercase literal for `name` when it is a common field name, compared ASCII case-insensitively, and its
    /// role; else nil, and the field has no role. Candidates are told apart by length first, then by their first
    /// eight bytes (all of a shorter name) as one word, so only a name that matches is compared in full; and each
    /// name is looked up once, as the roles come with the answer.
    static func common(_ name: UnsafeRawBufferPointer.SubSequence) -> (name: String, role: Role)? {
        let count = name.endIndex - name.startIndex  // not `name.count`, which is left as a call to the generic `distance`
        guard count >= 2, count <= 30 else { return nil }
        let first = HTTP1ByteClass.lowercased(word: HTTP1ByteClass.firstWord(UnsafeRawBufferPointer(rebasing: name)))
        @inline(__always)
        func matches(_ literal: StaticString) -> Bool {
            first == HTTP1ByteClass.firstWord(of: literal) && (count <= 8 || HTTP1ByteClass.equalsIgnoringCase(name, literal))
        }
        switch count {
        case 2: if matches("te") { return ("te", .other) }
        case 3: if matches("dnt") { return ("dnt", .other) }
        case 4: if matches("host") { return ("host", .host) }
        case 5: if matches("range") { return ("range", .other) }
        case 6:
            if matches("accept") { return ("accept", .other) }
            if matches("cookie") { return ("cookie", .other) }
            if matches("origin") { return ("origin", .other) }
            if matches("expect") { return ("expect", .expect) }
            if matches("pragma") { return ("pragma", .other) }
        case 7:
            if matches("referer") { return ("referer", .other) }
            if matches("upgrade") { return ("upgrade", .upgrade) }
        case 8:
            if matches("priority") { return ("priority", .other) }
            if matches("if-match") { return ("if-match", .other) }
            if matches("if-range") { return ("if-range", .other) }
        case 9:
            if matches("sec-ch-ua") { return ("sec-ch-ua", .other) }
            if matches("x-real-ip") { return ("x-real-ip", .other) }
        case 10:
            if matches("user-agent") { return ("user-agent", .other) }
            if matches("connection") { return ("connection", .connection) }
        case 12:
            if matches("content-type") { return ("content-type", .other) }
            if matches("x-request-id") { return ("x-request-id", .other) }
        case 13:
            if matches("authorization") { return ("authorization", .other) }
            if matches("cache-control") { return ("cache-control", .other) }
            if matches("if-none-match") { return ("if-none-match", .other) }
        case 14:
            if matches("content-length") { return ("content-length", .contentLength) }
            if matches("sec-fetch-site") { return ("sec-fetch-site", .other) }
            if matches("sec-fetch-mode") { return ("sec-fetch-mode", .other) }
            if matches("sec-fetch-dest") { return ("sec-fetch-dest", .other) }
            if matches("sec-fetch-user") { return ("sec-fetch-user", .other) }
        case 15:
            if matches("accept-encoding") { return ("accept-encoding", .other) }
            if matches("accept-language") { return ("accept-language", .other) }
            if matches("x-forwarded-for") { return ("x-forwarded-for", .other) }
        case 16:
            if matches("sec-ch-ua-mobile") { return ("sec-ch-ua-mobile", .other) }
            if matches("x-forwarded-host") { return ("x-forwarded-host", .other) }
        case 17:
            if matches("sec-websocket-key") { return ("sec-websocket-key", .other) }
            if matches("transfer-encoding") { return ("transfer-encoding", .transferEncoding) }
            if matches("if-modified-since") { return ("if-modified-since", .other) }
            if matches("x-forwarded-proto") { return ("x-forwarded-proto", .other) }
        case 18: if matches("sec-ch-ua-platform") { return ("sec-ch-ua-platform", .other) }
        case 19: if matches("if-unmodified-since") { return ("if-unmodified-since", .other) }
        case 21: if matches("sec-websocket-version") { return ("sec-websocket-version", .other) }
        case 22: if matches("sec-websocket-protocol") { return ("sec-websocket-protocol", .other) }
        case 24: if matches("sec-websocket-extensions") { return ("sec-websocket-extensions", .other) }
        case 25: if matches("upgrade-insecure-requests") { return ("upgrade-insecure-requests", .other) }
        case 29: if matches("access-control-request-method") { return ("access-control-request-method", .other) }
        case 30: if matches("access-control-request-headers") { return ("access-control-request-headers", .other) }
        default: break
        }
        return nil
    }
}
