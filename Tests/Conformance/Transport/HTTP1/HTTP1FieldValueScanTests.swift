import Testing

@testable import Kernel

/// Field values are scanned eight bytes at a time; these place whitespace, tabs, obs-text and bad bytes at every
/// offset of values long enough to span several words, and check each value against a byte-by-byte reading.
@Suite("HTTP1Parser: field values read a word at a time")
struct HTTP1FieldValueScanTests {
    /// The value the parser must keep: surrounding SP and HTAB trimmed.
    private func trimmed(_ value: [UInt8]) -> [UInt8] {
        var start = 0, end = value.count
        while start < end, value[start] == 0x20 || value[start] == 0x09 { start += 1 }
        while end > start, value[end - 1] == 0x20 || value[end - 1] == 0x09 { end -= 1 }
        return Array(value[start..<end])
    }

    private func parse(value: [UInt8]) -> ParseOutcome {
        ChunkingVerifier.verify(Array("GET / HTTP/1.1\r\nHost: a\r\nX-V:".utf8) + value + Array("\r\nX-N: 1\r\n\r\n".utf8))
    }

    @Test("SP, HTAB and obs-text at every offset of values of 1 to 25 bytes are kept or trimmed as a byte loop would")
    func whitespaceAtEveryOffset() throws {
        for length in 1...25 {
            for position in 0..<length {
                for filler: UInt8 in [0x20, 0x09, 0xE9, UInt8(ascii: "~")] {
                    var value = [UInt8](repeating: UInt8(ascii: "v"), count: length)
                    value[position] = filler
                    if position + 1 < length { value[length - 1] = 0x20 }  // trailing whitespace too, from a second word
                    let outcome = parse(value: value)
                    let head = try #require(outcome.heads.first, "length \(length), \(filler) at \(position)")
                    let expected = trimmed(value)
                    let parsed = Array(head.headers["x-v"]?.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) } ?? [])
                    #expect(parsed == expected, "length \(length), \(filler) at \(position)")
                    #expect(head.headers["x-n"] == "1")
                }
            }
        }
    }

    @Test("a control byte or DEL at any offset of a long value is rejected", arguments: [UInt8(0x00), 0x01, 0x0B, 0x1F, 0x7F])
    func controlBytesAtEveryOffset(byte: UInt8) {
        for position in 0..<20 {
            var value = [UInt8](repeating: UInt8(ascii: "v"), count: 20)
            value[position] = byte
            #expect(parse(value: value).error == .invalidHeaderValue, "\(byte) at \(position)")
        }
    }

    @Test("a bare LF at any offset of a long value is rejected as one")
    func bareLineFeedAtEveryOffset() {
        for position in 0..<20 {
            var value = [UInt8](repeating: UInt8(ascii: "v"), count: 20)
            value[position] = 0x0A
            #expect(parse(value: value).error == .bareLineFeed, "LF at \(position)")
        }
    }
}
