/// Low-level writers and validation for `HTTP1ResponseSerializer`.
extension HTTP1ResponseSerializer {
    static func writeStatusLine(status: Int, reason: String?, into buffer: inout [UInt8]) {
        buffer.append(contentsOf: "HTTP/1.1 ".utf8)
        buffer.append(contentsOf: decimal(status))
        buffer.append(HTTP1ByteClass.space)
        if let reason {
            buffer.append(contentsOf: reason.utf8)
        } else if let phrase = HTTP1StatusReason.phrase(for: status) {
            buffer.append(contentsOf: UnsafeBufferPointer(start: phrase.utf8Start, count: phrase.utf8CodeUnitCount))
        }
        buffer.append(contentsOf: [HTTP1ByteClass.cr, HTTP1ByteClass.lf])
    }

    static func write(name: String, value: some Collection<UInt8>, into buffer: inout [UInt8]) {
        buffer.append(contentsOf: name.utf8)
        buffer.append(contentsOf: [HTTP1ByteClass.colon, HTTP1ByteClass.space])
        buffer.append(contentsOf: value)
        buffer.append(contentsOf: [HTTP1ByteClass.cr, HTTP1ByteClass.lf])
    }

    /// The ASCII decimal digits of a non-negative integer.
    static func decimal(_ value: Int) -> [UInt8] {
        precondition(value >= 0, "lengths and statuses are non-negative")
        return Array(String(value).utf8)
    }

    static func isFramingField(_ name: String) -> Bool {
        HTTP1RequestHead.namesMatch(name, "content-length") || HTTP1RequestHead.namesMatch(name, "transfer-encoding")
    }

    /// Field names must be tokens; values may hold HTAB, SP, VCHAR and obs-text only, so no
    /// CR, LF or NUL can split the response.
    static func validate(_ field: HTTP1HeaderField) throws(HTTP1SerializeError) {
        guard !field.name.isEmpty, field.name.utf8.allSatisfy(HTTP1ByteClass.isTokenChar) else {
            throw .invalidHeaderName
        }
        guard field.value.utf8.allSatisfy({ HTTP1ByteClass.isFieldVisibleChar($0) || HTTP1ByteClass.isWhitespace($0) })
        else { throw .invalidHeaderValue }
    }

    static func validateReason(_ reason: String?) throws(HTTP1SerializeError) {
        guard let reason else { return }
        guard reason.utf8.allSatisfy({ HTTP1ByteClass.isFieldVisibleChar($0) || HTTP1ByteClass.isWhitespace($0) })
        else { throw .invalidReason }
    }
}

extension HTTP1ByteClass {
    /// Like `equalsIgnoringCase`, for a UTF-8 slice after trimming SP/HTAB.
    static func equalsIgnoringCase(trimmed slice: Substring.UTF8View.SubSequence, _ literal: StaticString) -> Bool {
        var start = slice.startIndex
        var end = slice.endIndex
        while start < end, isWhitespace(slice[start]) { start = slice.index(after: start) }
        while end > start, isWhitespace(slice[slice.index(before: end)]) { end = slice.index(before: end) }
        let trimmed = slice[start..<end]
        guard trimmed.count == literal.utf8CodeUnitCount else { return false }
        return zip(trimmed, UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
            .allSatisfy { lowercased($0) == $1 }
    }
}
