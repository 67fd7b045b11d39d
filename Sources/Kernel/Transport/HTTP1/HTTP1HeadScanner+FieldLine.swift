/// Field lines read in one pass: the scanner's path for a line that has fully arrived, and the value scan
/// its byte-by-byte states share.
extension HTTP1HeadScanner {
    /// The field line starting at `start` (a token byte), when all of it, CRLF included, lies before `stop` and
    /// it is well formed: its offsets and the offset after its LF. Otherwise `nil`, and the line is read again
    /// by the state machine, which waits for more bytes or names what is wrong with it.
    ///
    /// A complete line then costs no state change per part (name, colon, whitespace, value, CR, LF),
    /// which is most of what a header section is: a browser sends a dozen lines or more.
    @inline(__always)
    static func completeFieldLine(
        _ bytes: UnsafeRawBufferPointer, at start: Int, stop: Int
    ) -> (range: FieldRange, next: Int)? {
        typealias C = HTTP1ByteClass
        let tokens = C.tokenTable.utf8Start
        var cursor = start
        while cursor < stop, tokens[Int(bytes[cursor])] & 1 == 1 { cursor += 1 }
        guard cursor < stop, bytes[cursor] == C.colon else { return nil }
        let nameEnd = cursor
        cursor += 1
        while cursor < stop, C.isWhitespace(bytes[cursor]) { cursor += 1 }
        let valueStart = cursor
        let value = scanValue(bytes, from: cursor, stop: stop, valueEnd: cursor)
        guard value.cursor + 1 < stop, bytes[value.cursor] == C.cr, bytes[value.cursor + 1] == C.lf else { return nil }
        let range = FieldRange(nameStart: start, nameEnd: nameEnd, valueStart: valueStart, valueEnd: value.valueEnd)
        return (range, value.cursor + 2)
    }

    /// Reads field-value bytes (SP, HTAB, VCHAR, obs-text) from `start` up to `stop`, eight at a time.
    /// - Returns: the offset of the first byte that is none of them (CR, where the line ends) or `stop`, and
    ///   the value's end so far: after its last byte that is not whitespace, or `valueEnd` if none was read.
    @inline(__always)
    static func scanValue(
        _ bytes: UnsafeRawBufferPointer, from start: Int, stop: Int, valueEnd: Int
    ) -> (cursor: Int, valueEnd: Int) {
        typealias C = HTTP1ByteClass
        var cursor = start
        var valueEnd = valueEnd
        while cursor < stop {
            guard cursor + 8 <= stop else {
                let next = bytes[cursor]
                if C.isFieldVisibleChar(next) {
                    valueEnd = cursor + 1
                } else if !C.isWhitespace(next) {
                    break
                }
                cursor += 1
                continue
            }
            // Bytes below the lowest flagged one are value bytes (SP, VCHAR or obs-text): a borrow only carries
            // a flag upward, so the lowest flag is a true control byte or DEL.
            let word = bytes.loadUnaligned(fromByteOffset: cursor, as: UInt64.self)
            let flags = WordScan.flagsBelow(0x20, in: word) | WordScan.flagsEqual(0x7F, in: word)
            let valueBytes = flags == 0 ? 8 : flags.trailingZeroBitCount >> 3
            // The value ends after the last of them that is not SP.
            var last = cursor + valueBytes
            while last > cursor, bytes[last - 1] == C.space { last -= 1 }
            if last > cursor { valueEnd = last }
            cursor += valueBytes
            guard valueBytes < 8 else { continue }
            // A control byte: HTAB is whitespace, anything else (CR ends the line) stops the value.
            guard bytes[cursor] == C.tab else { break }
            cursor += 1
        }
        return (cursor, valueEnd)
    }
}
