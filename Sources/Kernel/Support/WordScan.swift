/// Finding one kind of byte in a buffer eight bytes at a time, for the checks on every request and reply:
/// header names for capitals, field values for control characters, JSON strings for bytes to escape.
///
/// A caller gives a word screen and the exact byte test. The screen takes eight bytes as one `UInt64`
/// (little-endian, unaligned) and must answer `true` whenever one of them passes the byte test; it may also
/// answer `true` when none does (a tab in a field value). Words it clears are skipped at once; the others,
/// and the tail shorter than a word, are checked byte by byte.
///
/// ```swift
/// let hasZero = WordScan.contains(bytes, screen: { ($0 &- WordScan.ones) & ~$0 & WordScan.highBits != 0 }, where: { $0 == 0 })
/// ```
enum WordScan {
    /// `0x01` in every byte.
    static let ones: UInt64 = 0x0101_0101_0101_0101
    /// Bit 7 of every byte.
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Whether a byte of `bytes` passes `test`, screening whole words with `screen` first.
    @inline(__always)
    static func contains(
        _ bytes: UnsafeRawBufferPointer, screen: (UInt64) -> Bool, where test: (UInt8) -> Bool
    ) -> Bool {
        var offset = 0
        while offset + 8 <= bytes.count {
            if screen(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) {
                for index in offset..<offset + 8 where test(bytes[index]) { return true }
            }
            offset += 8
        }
        while offset < bytes.count {
            if test(bytes[offset]) { return true }
            offset += 1
        }
        return false
    }

    /// The offset of the first byte of `bytes` that passes `test`. `flags` marks a word's passing bytes as
    /// ``flagsEqual(_:in:)`` does: bit 7 of the first one set, and none below it (bits above may be wrong), so the
    /// lowest set bit gives the byte with no second look. The tail shorter than a word is read with `test`.
    @inline(__always)
    static func firstIndex(
        in bytes: UnsafeRawBufferPointer, flags: (UInt64) -> UInt64, where test: (UInt8) -> Bool
    ) -> Int? {
        var offset = 0
        while offset + 8 <= bytes.count {
            let found = flags(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            if found != 0 { return offset + found.trailingZeroBitCount / 8 }
            offset += 8
        }
        while offset < bytes.count {
            if test(bytes[offset]) { return offset }
            offset += 1
        }
        return nil
    }

    /// Bit 7 set in each byte of `word` that is below `limit` (at most 0x80), and possibly in bytes above such
    /// a byte, where the subtraction borrowed; never in a word without one.
    @inline(__always)
    static func flagsBelow(_ limit: UInt8, in word: UInt64) -> UInt64 { (word &- ones &* UInt64(limit)) & ~word & highBits }

    /// Bit 7 set in each byte of `word` equal to `byte`, with the same borrow caveat as ``flagsBelow(_:in:)``.
    @inline(__always)
    static func flagsEqual(_ byte: UInt8, in word: UInt64) -> UInt64 { flagsBelow(1, in: word ^ (ones &* UInt64(byte))) }
}
