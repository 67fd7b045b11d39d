/// Byte classes from RFC 9110 §5.6 and RFC 9112, as branch-light bit tests (no tables to initialise).
enum HTTP1ByteClass {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let equals: UInt8 = 0x3D
    static let quote: UInt8 = 0x22
    static let backslash: UInt8 = 0x5C
    static let comma: UInt8 = 0x2C

    /// `tchar` (RFC 9110 §5.6.2): the characters of methods, field names and coding names.
    @inline(__always)
    static func isTokenChar(_ byte: UInt8) -> Bool {
        bitTest(byte, low: 0x03FF_6CFA_0000_0000, high: 0x57FF_FFFF_C7FF_FFFE)
    }

    /// Whether every byte of a non-empty `bytes` is a `tchar`: one table load per byte, no branch but the loop's.
    @inline(__always)
    static func isToken(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty else { return false }
        let table = tokenTable.utf8Start
        var valid: UInt8 = 0xFF
        for byte in bytes { valid &= table[Int(byte)] }
        return valid & 1 == 1  // "1" is 0x31 and "0" is 0x30: the low bit survives only if every byte was a "1"
    }

    /// `tchar` as a table of 256 ASCII digits: `1` for ALPHA, DIGIT and ``!#$%&'*+-.^_`|~``, `0` for every other
    /// byte. Each row covers 32 byte values (0x00–0x1F, 0x20–0x3F, …); the trailing backslashes keep newlines
    /// out (the last line's newline is not part of a multi-line literal). A `StaticString` lives in the binary's constant data: no lazy initialisation, no bounds check.
    static let tokenTable: StaticString = """
        00000000000000000000000000000000\
        01011111001101101111111111000000\
        01111111111111111111111111100011\
        11111111111111111111111111101010\
        00000000000000000000000000000000\
        00000000000000000000000000000000\
        00000000000000000000000000000000\
        00000000000000000000000000000000
        """

    /// SP or HTAB.
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// `field-vchar` (VCHAR / obs-text): a field value byte that is not whitespace.
    @inline(__always)
    static func isFieldVisibleChar(_ byte: UInt8) -> Bool { byte > 0x20 && byte != 0x7F }

    /// A byte a field value (or reason phrase) may hold: HTAB, SP, VCHAR or obs-text; never CR, LF or NUL.
    @inline(__always)
    static func isFieldValueChar(_ byte: UInt8) -> Bool { (byte >= 0x20 && byte != 0x7F) || byte == tab }

    /// A request-target byte: visible US-ASCII except `#` (a fragment is never sent on the wire).
    @inline(__always)
    static func isTargetChar(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F && byte != 0x23 }

    /// A Host byte: unreserved, sub-delims, `%`, `:`, `[` and `]` (RFC 3986 host [":" port]).
    @inline(__always)
    static func isHostChar(_ byte: UInt8) -> Bool {
        byte == colon || byte == 0x5B || byte == 0x5D || isRegNameChar(byte)
    }

    /// A byte of a Host reg-name or IP literal other than `:`, `[` and `]`: unreserved, sub-delims and `%`.
    @inline(__always)
    static func isRegNameChar(_ byte: UInt8) -> Bool { regNameTable.utf8Start[Int(byte)] & 1 == 1 }

    /// ``isRegNameChar(_:)`` as a table of 256 ASCII digits, laid out as ``tokenTable`` is: ALPHA, DIGIT and
    /// ``!$%&'()*+,-.;=_~``.
    static let regNameTable: StaticString = """
        00000000000000000000000000000000\
        01001111111111101111111111010100\
        01111111111111111111111111100001\
        01111111111111111111111111100010\
        00000000000000000000000000000000\
        00000000000000000000000000000000\
        00000000000000000000000000000000\
        00000000000000000000000000000000
        """

    /// A `DIGIT`.
    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    /// The value of a `HEXDIG`, or nil.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: Int(byte &- 0x30)
        case 0x41...0x46: Int(byte &- 0x37)
        case 0x61...0x66: Int(byte &- 0x57)
        default: nil
        }
    }

    /// ASCII lowercase of one byte.
    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 { byte &- 0x41 < 26 ? byte | 0x20 : byte }

    /// Whether `bytes` equals the lowercase ASCII `literal`, ignoring ASCII case; eight bytes at a time, since every
    /// field name is compared with a few literals. A count that is not a multiple of eight ends with a word that
    /// overlaps the one before it; fewer than eight bytes are gathered into one word.
    static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer.SubSequence, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.endIndex - bytes.startIndex == count else { return false }
        let text = UnsafeRawBufferPointer(rebasing: bytes)
        let expected = UnsafeRawBufferPointer(start: literal.utf8Start, count: count)
        guard count >= 8 else { return lowercased(word: partialWord(text)) == partialWord(expected) }
        var offset = 0
        while offset + 8 < count {
            guard lowercased(word: text.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                == expected.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            else { return false }
            offset += 8
        }
        return lowercased(word: text.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
            == expected.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    }

    /// Each byte of `word` in `A`…`Z` made lowercase, every other byte kept: the capital test of
    /// ``HTTPHeaders/containsUppercase(_:)`` flags bit 7 of each capital, and that bit moved to bit 5 adds 0x20.
    @inline(__always)
    static func lowercased(word: UInt64) -> UInt64 {
        let seven = word & ~WordScan.highBits
        let capitals = (seven &+ 0x3F3F_3F3F_3F3F_3F3F) & ~(seven &+ 0x2525_2525_2525_2525) & ~word & WordScan.highBits
        return word | (capitals >> 2)
    }

    /// The first eight bytes of `bytes` as a word, or all of them when there are fewer (zeros above).
    @inline(__always)
    static func firstWord(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        bytes.count >= 8 ? bytes.loadUnaligned(as: UInt64.self) : partialWord(bytes)
    }

    /// ``firstWord(_:)`` of a literal's UTF-8.
    @inline(__always)
    static func firstWord(of literal: StaticString) -> UInt64 {
        firstWord(UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Up to seven bytes as the low bytes of a word (first byte lowest, as a little-endian load reads them): two
    /// loads that overlap in the middle, whose shared bytes are the same in both.
    @inline(__always)
    private static func partialWord(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let count = bytes.count
        if count >= 4 {
            let low = UInt64(UInt32(littleEndian: bytes.loadUnaligned(as: UInt32.self)))
            let high = UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)))
            return low | high &<< UInt64(8 * (count - 4))
        }
        if count >= 2 {
            let low = UInt64(UInt16(littleEndian: bytes.loadUnaligned(as: UInt16.self)))
            let high = UInt64(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: count - 2, as: UInt16.self)))
            return low | high &<< UInt64(8 * (count - 2))
        }
        return count == 1 ? UInt64(bytes[0]) : 0
    }

    @inline(__always)
    private static func bitTest(_ byte: UInt8, low: UInt64, high: UInt64) -> Bool {
        // Without branches: names mix letters (high word) and `-` (low word), which mispredicts a branch.
        let value = UInt64(byte)
        let upperHalf = (value >> 6) & 1
        let word = (low & (upperHalf &- 1)) | (high & (0 &- upperHalf))
        let isASCII = (value >> 7) ^ 1
        return (word >> (value & 63)) & isASCII == 1
    }
}
