/// Builds a validated `HTTP1RequestHead` from a fully scanned head: request-target form,
/// Host, framing (Content-Length / Transfer-Encoding) and connection semantics.
extension HTTP1RequestHead {
    /// `scanner` is borrowed: taken as an initializer takes arguments (owned), the parser's scanner was copied.
    init(scanned bytes: UnsafeRawBufferPointer, scanner: borrowing HTTP1HeadScanner) throws(HTTP1ParseError) {
        let version = scanner.version
        let methodBytes = bytes[0..<scanner.methodEnd]
        let targetBytes = bytes[scanner.targetStart..<scanner.targetEnd]
        let method = Self.method(methodBytes)
        let isConnect = method.utf8.count == 7 && method == "CONNECT"
        let targetHost = try Self.validateTarget(targetBytes, method: methodBytes, isConnect: isConnect)

        var summary = FieldSummary()
        var headers = HTTPHeaders(reservingCapacity: scanner.fields.count)
        var hostField: String?
        for index in scanner.fields.indices {
            let field = scanner.fields[index]
            let name = bytes[field.nameStart..<field.nameEnd]
            let value = bytes[field.valueStart..<field.valueEnd]
            // A common name is a literal, and comes with its role; any other is copied in lowercase and has none.
            let common = HTTP1FieldNames.common(name)
            let role = common?.role ?? .other
            try summary.record(role: role, value: value)
            let valueText = Self.fieldValue(value)
            // The Host value is made into a string once, for the field and for `host`.
            if role == .host { hostField = valueText }
            headers.addLowercased(common?.name ?? Self.lowercased(name), valueText)
        }

        if version == .http1_1, summary.hostCount == 0 { throw .missingHost }
        let framing = try summary.framing(version: version)
        let isHTTP11 = version == .http1_1

        self.init(
            version: version,
            method: method,
            target: Self.string(targetBytes),
            headers: headers,
            keepAlive: !summary.connectionClose && (isHTTP11 || summary.connectionKeepAlive),
            framing: framing,
            expectsContinue: isHTTP11 && summary.expectsContinue,
            isUpgrade: isHTTP11 && summary.sawUpgrade && summary.connectionUpgrade,
            host: targetHost.map(Self.string) ?? hostField
        )
    }

    /// The method token as a string: a literal for the methods most requests use, so they are not decoded.
    /// The token's bytes are packed into one integer and compared with each method's packed form at once.
    static func method(_ bytes: UnsafeRawBufferPointer.SubSequence) -> String {
        let token = UnsafeRawBufferPointer(rebasing: bytes)
        guard token.count >= 3, token.count <= 7 else { return string(bytes) }
        var packed: UInt64 = 0
        for offset in 0..<token.count { packed |= UInt64(token[offset]) << (8 * UInt64(offset)) }
        switch packed {
        case CommonMethod.get: return "GET"
        case CommonMethod.put: return "PUT"
        case CommonMethod.post: return "POST"
        case CommonMethod.head: return "HEAD"
        case CommonMethod.patch: return "PATCH"
        case CommonMethod.delete: return "DELETE"
        case CommonMethod.options: return "OPTIONS"
        default: return string(bytes)
        }
    }

    /// The common methods' bytes, packed as ``method(_:)`` packs a token (first byte lowest); a token of 3 to 7
    /// bytes has no zero byte, so no two lengths can pack alike.
    private enum CommonMethod {
        static var get: UInt64 { packed("GET") }
        static var put: UInt64 { packed("PUT") }
        static var post: UInt64 { packed("POST") }
        static var head: UInt64 { packed("HEAD") }
        static var patch: UInt64 { packed("PATCH") }
        static var delete: UInt64 { packed("DELETE") }
        static var options: UInt64 { packed("OPTIONS") }

        /// Computed where it is used, from a literal, so the optimizer folds it into a constant.
        @inline(__always)
        private static func packed(_ name: StaticString) -> UInt64 {
            var value: UInt64 = 0
            for offset in 0..<name.utf8CodeUnitCount { value |= UInt64(name.utf8Start[offset]) << (8 * UInt64(offset)) }
            return value
        }
    }

    static func string(_ bytes: UnsafeRawBufferPointer.SubSequence) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes), as: UTF8.self)
    }

    /// A field value as text: its UTF-8 when it is valid UTF-8, else each byte as the Latin-1 character of
    /// that code (as Node decodes every field value), so obs-text bytes are kept, not replaced.
    /// An ASCII value, the usual one, is found eight bytes at a time and decoded at once.
    static func fieldValue(_ bytes: UnsafeRawBufferPointer.SubSequence) -> String {
        let raw = UnsafeRawBufferPointer(rebasing: bytes)
        let hasObsText = WordScan.contains(raw, screen: { $0 & WordScan.highBits != 0 }, where: { $0 >= 0x80 })
        if !hasObsText { return String(decoding: raw, as: UTF8.self) }
        if let text = String(validating: raw, as: UTF8.self) { return text }
        return String(decoding: raw.lazy.map { UInt16($0) }, as: UTF16.self)
    }

    /// A field name that is not a common one, lowercased while it is copied; the scanner has checked that it is a
    /// token (ASCII).
    static func lowercased(_ bytes: UnsafeRawBufferPointer.SubSequence) -> String {
        return String(unsafeUninitializedCapacity: bytes.count) { buffer in
            for (offset, byte) in zip(buffer.indices, bytes) { buffer[offset] = HTTP1ByteClass.lowercased(byte) }
            return bytes.count
        }
    }

    /// Checks the request-target form against the method (RFC 9112 §3.2) and returns the
    /// authority when the form carries one (absolute-form, authority-form).
    private static func validateTarget(
        _ target: UnsafeRawBufferPointer.SubSequence,
        method: UnsafeRawBufferPointer.SubSequence,
        isConnect: Bool
    ) throws(HTTP1ParseError) -> UnsafeRawBufferPointer.SubSequence? {
        if isConnect {
            guard isValidAuthority(target, requiresPort: true) else { throw .invalidTarget }
            return target
        }
        if target.first == 0x2F { return nil }  // origin-form
        if target.count == 1, target.first == 0x2A {  // asterisk-form
            guard method.elementsEqual("OPTIONS".utf8) else { throw .invalidTarget }
            return nil
        }
        // absolute-form: only http and https URIs, with a non-empty authority and no userinfo.
        let schemeEnd: Int
        if HTTP1ByteClass.equalsIgnoringCase(target.prefix(7), "http://") {
            schemeEnd = target.startIndex + 7
        } else if HTTP1ByteClass.equalsIgnoringCase(target.prefix(8), "https://") {
            schemeEnd = target.startIndex + 8
        } else {
            throw .invalidTarget
        }
        var authorityEnd = schemeEnd
        while authorityEnd < target.endIndex, target[authorityEnd] != 0x2F, target[authorityEnd] != 0x3F {
            authorityEnd += 1
        }
        let authority = target[schemeEnd..<authorityEnd]
        guard isValidAuthority(authority, requiresPort: false) else { throw .invalidTarget }
        return authority
    }

    /// `host [":" port]` by the same grammar as a Host field (``isValidHostField(_:)``), with a non-empty host and
    /// a port of at most 5 digits when one is given, so `a]b`, `[x` and `a:b:80` fail here as they do in Host.
    static func isValidAuthority(_ authority: UnsafeRawBufferPointer.SubSequence, requiresPort: Bool) -> Bool {
        guard let first = authority.first, first != HTTP1ByteClass.colon, isValidHostField(authority) else { return false }
        // The shape is checked: a bracketed literal or a reg-name, then nothing or ":" and digits.
        let hostEnd: Int
        if first == 0x5B {
            guard let close = authority.firstIndex(of: 0x5D), close > authority.startIndex + 1 else { return false }
            hostEnd = close + 1
        } else {
            hostEnd = authority.firstIndex(of: HTTP1ByteClass.colon) ?? authority.endIndex
        }
        guard hostEnd < authority.endIndex else { return !requiresPort }
        let portLength = authority.endIndex - hostEnd - 1
        return portLength > 0 && portLength <= 5
    }
}

extension HTTP1RequestHead {
    /// A Host value by RFC 9110 §7.2: `uri-host [":" port]`, where `uri-host` is a bracketed IP literal or a
    /// reg-name (no colon or bracket, possibly empty) and `port` is `*DIGIT`. So `""`, `a:`, `:80` and
    /// `[::1]:8080` pass; `a:8x`, `:x`, `a:80:80`, `a]b`, `[::1` and `[::1]x` fail. One pass, as it runs per request.
    static func isValidHostField(_ field: UnsafeRawBufferPointer.SubSequence) -> Bool {
        typealias C = HTTP1ByteClass
        let value = UnsafeRawBufferPointer(rebasing: field)
        var index = 0
        let end = value.count
        if index < end, value[index] == 0x5B {  // "[" IP-literal "]": reg-name bytes and colons
            index += 1
            while index < end, C.isRegNameChar(value[index]) || value[index] == C.colon { index += 1 }
            guard index < end, value[index] == 0x5D else { return false }  // no "]", or a byte that may not be there
            index += 1
        } else {
            // One table load per byte; whatever stops the run must be the port's colon.
            while index < end, C.isRegNameChar(value[index]) { index += 1 }
        }
        guard index < end else { return true }
        guard value[index] == C.colon else { return false }
        index += 1
        while index < end {
            guard C.isDigit(value[index]) else { return false }
            index += 1
        }
        return true
    }
}
