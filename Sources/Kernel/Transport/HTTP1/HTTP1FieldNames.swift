/// The request field names clients send most, as string literals.
///
/// A parsed name that is one of them, in any case, becomes its literal: a literal is built into the binary,
/// so it costs no allocation, no copy and no reference counting, where building the string cost a few hundred
/// instructions per field (and an allocation past 15 bytes). A browser's request is mostly these names.
///
/// ```swift
/// HTTP1FieldNames.common(bytes)   // "user-agent" for the bytes of `User-Agent`, nil for `X-Trace`
/// ```
enum HTTP1FieldNames {
    /// The lowercase literal for `name` when it is a common field name, compared ASCII case-insensitively; else nil.
    /// Candidates are told apart by length first, so most names are compared with one or two literals.
    static func common(_ name: UnsafeRawBufferPointer.SubSequence) -> String? {
        func matches(_ literal: StaticString) -> Bool { HTTP1ByteClass.equalsIgnoringCase(name, literal) }
        switch name.count {
        case 2: if matches("te") { return "te" }
        case 3: if matches("dnt") { return "dnt" }
        case 4: if matches("host") { return "host" }
        case 5: if matches("range") { return "range" }
        case 6:
            if matches("accept") { return "accept" }
            if matches("cookie") { return "cookie" }
            if matches("origin") { return "origin" }
            if matches("expect") { return "expect" }
            if matches("pragma") { return "pragma" }
        case 7:
            if matches("referer") { return "referer" }
            if matches("upgrade") { return "upgrade" }
        case 8:
            if matches("priority") { return "priority" }
            if matches("if-match") { return "if-match" }
            if matches("if-range") { return "if-range" }
        case 9:
            if matches("sec-ch-ua") { return "sec-ch-ua" }
            if matches("x-real-ip") { return "x-real-ip" }
        case 10:
            if matches("user-agent") { return "user-agent" }
            if matches("connection") { return "connection" }
        case 12:
            if matches("content-type") { return "content-type" }
            if matches("x-request-id") { return "x-request-id" }
        case 13:
            if matches("authorization") { return "authorization" }
            if matches("cache-control") { return "cache-control" }
            if matches("if-none-match") { return "if-none-match" }
        case 14:
            if matches("content-length") { return "content-length" }
            if matches("sec-fetch-site") { return "sec-fetch-site" }
            if matches("sec-fetch-mode") { return "sec-fetch-mode" }
            if matches("sec-fetch-dest") { return "sec-fetch-dest" }
            if matches("sec-fetch-user") { return "sec-fetch-user" }
        case 15:
            if matches("accept-encoding") { return "accept-encoding" }
            if matches("accept-language") { return "accept-language" }
            if matches("x-forwarded-for") { return "x-forwarded-for" }
        case 16:
            if matches("sec-ch-ua-mobile") { return "sec-ch-ua-mobile" }
            if matches("x-forwarded-host") { return "x-forwarded-host" }
        case 17:
            if matches("sec-websocket-key") { return "sec-websocket-key" }
            if matches("transfer-encoding") { return "transfer-encoding" }
            if matches("if-modified-since") { return "if-modified-since" }
            if matches("x-forwarded-proto") { return "x-forwarded-proto" }
        case 18: if matches("sec-ch-ua-platform") { return "sec-ch-ua-platform" }
        case 19: if matches("if-unmodified-since") { return "if-unmodified-since" }
        case 21: if matches("sec-websocket-version") { return "sec-websocket-version" }
        case 22: if matches("sec-websocket-protocol") { return "sec-websocket-protocol" }
        case 24: if matches("sec-websocket-extensions") { return "sec-websocket-extensions" }
        case 25: if matches("upgrade-insecure-requests") { return "upgrade-insecure-requests" }
        case 29: if matches("access-control-request-method") { return "access-control-request-method" }
        case 30: if matches("access-control-request-headers") { return "access-control-request-headers" }
        default: break
        }
        return nil
    }
}
