/// Low-level writers and validation for `HTTP1ResponseSerializer`.
extension HTTP1ResponseSerializer {
    static func writeStatusLine(status: Int, reason: String?, into buffer: inout [UInt8]) {
        buffer.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(status, into: &buffer)
        buffer.append(HTTP1ByteClass.space)
        // Without a reason, the registered phrase (an unregistered code gets an empty one, RFC 9112 §4).
        if var reason = reason ?? HTTPStatus.registeredPhrase(for: status) {
            reason.withUTF8 { buffer.append(contentsOf: $0) }
        }
        buffer.append(HTTP1ByteClass.cr)
        buffer.append(HTTP1ByteClass.lf)
    }

    static func write(name: String, value: some Collection<UInt8>, into buffer: inout [UInt8]) {
        buffer.append(contentsOf: name.utf8)
        buffer.append(HTTP1ByteClass.colon)
        buffer.append(HTTP1ByteClass.space)
        buffer.append(contentsOf: value)
        buffer.append(HTTP1ByteClass.cr)
        buffer.append(HTTP1ByteClass.lf)
    }

    /// Appends a field name's UTF-8 when it is a non-empty token.
    @inline(__always)
    static func appendFieldName(_ text: String, into buffer: inout [UInt8]) -> Bool {
        withUTF8(of: text) { bytes in
            guard HTTP1ByteClass.isToken(bytes) else { return false }
            buffer.append(contentsOf: bytes)
            return true
        }
    }

    /// Runs `body` on the UTF-8 of `text` where it is stored (no copy, no retain), or on a contiguous copy
    /// of a string that is not (a bridged one).
    @inline(__always)
    static func withUTF8(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = text
        return copy.withUTF8(body)
    }

    /// Appends a field value's UTF-8 when it holds no CR, LF, NUL or other control (HTAB allowed).
    /// Eight bytes at a time: a word with no byte below 0x20 and none equal to 0x7F passes at once.
    @inline(__always)
    static func appendFieldValue(_ text: String, into buffer: inout [UInt8]) -> Bool {
        withUTF8(of: text) { bytes in
            guard isFieldValue(bytes) else { return false }
            buffer.append(contentsOf: bytes)
            return true
        }
    }

    static func isFieldValue(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // A word with no byte below 0x20 and none equal to 0x7F passes at once; a tab only costs a closer look.
        !WordScan.contains(UnsafeRawBufferPointer(bytes), screen: { word in
            WordScan.flagsBelow(0x20, in: word) | WordScan.flagsEqual(0x7F, in: word) != 0
        }, where: { !HTTP1ByteClass.isFieldValueChar($0) })
    }

    /// Appends the ASCII decimal digits of a non-negative integer, with no intermediate string.
    static func appendDecimal(_ value: Int, into buffer: inout [UInt8]) {
        precondition(value >= 0, "lengths and statuses are non-negative")
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            buffer.append(UInt8(truncatingIfNeeded: 48 + rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// The fields the serializer itself acts on.
    enum SpecialField { case connection, date, contentLength, transferEncoding }

    /// Which special field `name` is, if any: a length switch first, so most names cost one comparison.
    @inline(__always)
    static func specialField(_ name: String) -> SpecialField? {
        switch name.utf8.count {
        case 4: HTTP1RequestHead.namesMatch(name, "date") ? .date : nil
        case 10: HTTP1RequestHead.namesMatch(name, "connection") ? .connection : nil
        case 14: HTTP1RequestHead.namesMatch(name, "content-length") ? .contentLength : nil
        case 17: HTTP1RequestHead.namesMatch(name, "transfer-encoding") ? .transferEncoding : nil
        default: nil
        }
    }

    static func validateReason(_ reason: String?) throws(HTTP1SerializeError) {
        guard let reason else { return }
        guard reason.utf8.allSatisfy(HTTP1ByteClass.isFieldValueChar)
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
