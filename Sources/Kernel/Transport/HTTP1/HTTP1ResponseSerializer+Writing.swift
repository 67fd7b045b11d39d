/// Low-level writers and validation for `HTTP1ResponseSerializer`.
extension HTTP1ResponseSerializer {
    /// Runs `body` on the UTF-8 of `text` where it is stored (no copy, no retain), or on a contiguous copy
    /// of a string that is not (a bridged one).
    @inline(__always)
    static func withUTF8(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = text
        return copy.withUTF8(body)
    }

    /// Whether a field value holds no CR, LF, NUL or other control (HTAB allowed).
    static func isFieldValue(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // A word with no byte below 0x20 and none equal to 0x7F passes at once; a tab only costs a closer look.
        !WordScan.contains(UnsafeRawBufferPointer(bytes), screen: { word in
            WordScan.flagsBelow(0x20, in: word) | WordScan.flagsEqual(0x7F, in: word) != 0
        }, where: { !HTTP1ByteClass.isFieldValueChar($0) })
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
        guard let reason, !withUTF8(of: reason, isFieldValue) else { return }
        throw .invalidReason
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
