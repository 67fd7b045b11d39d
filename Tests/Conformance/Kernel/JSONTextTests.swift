import Testing

@testable import Kernel

@Suite("JSONText: strings and numbers as the encoder writes them")
struct JSONTextTests {
    @Test("strings: every byte below 0x80 alone, and mixed text, are written as JSONCoding.encode writes them")
    func strings() throws {
        var samples = (0..<0x80).map { String(UnicodeScalar(UInt8($0))) }
        samples += ["", "/api/v1/x?token=[REDACTED]&a=1", "quote \" and \\ back", "tab\tnew\nline\r", "é ü 😀 \u{7F}", "\u{1}\u{1F}x"]
        for sample in samples {
            var bytes: [UInt8] = []
            JSONText.appendString(sample, to: &bytes)
            #expect(bytes == (try JSONCoding.encode(sample)), "\(sample.unicodeScalars.map(\.value))")
        }
    }

    @Test("numbers: whole, fractional, large and negative values as JSONCoding.encode writes them; null for non-finite")
    func numbers() throws {
        for value in [0, 1, -1, 200, 0.001, 0.123, 12.5, 123.456, 1e15, 1e15 - 1, -2.5e-7, 1.7976931348623157e308] {
            var bytes: [UInt8] = []
            JSONText.appendNumber(value, to: &bytes)
            #expect(bytes == (try JSONCoding.encode(value)), "\(value)")
        }
        var bytes: [UInt8] = []
        JSONText.appendNumber(.nan, to: &bytes)
        #expect(bytes == Array("null".utf8))
    }
}
