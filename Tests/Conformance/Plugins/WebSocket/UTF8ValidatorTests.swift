import Testing

@testable import Plugins

/// Incremental UTF-8 validation: well-formed input, each class of ill-formed
/// input, fail-fast position, and chunking.
@Suite("UTF-8 validator")
struct UTF8ValidatorTests {
    /// Index of the byte at which byte-by-byte validation first fails, or `nil`.
    private func failureIndex(_ bytes: [UInt8]) -> Int? {
        var validator = UTF8Validator()
        for (index, byte) in bytes.enumerated() where !validator.validate([byte]) {
            return index
        }
        return nil
    }

    @Test("Valid ASCII, 2-, 3- and 4-byte sequences and boundary code points", arguments: [
        Array("Hello, world".utf8),
        Array("κόσμε".utf8),
        Array("€ 日本語".utf8),
        Array("𝄞 😀".utf8),
        [0xC2, 0x80],  // U+0080
        [0xDF, 0xBF],  // U+07FF
        [0xE0, 0xA0, 0x80],  // U+0800
        [0xED, 0x9F, 0xBF],  // U+D7FF, last before surrogates
        [0xEE, 0x80, 0x80],  // U+E000, first after surrogates
        [0xEF, 0xBF, 0xBF],  // U+FFFF
        [0xF0, 0x90, 0x80, 0x80],  // U+10000
        [0xF4, 0x8F, 0xBF, 0xBF],  // U+10FFFF
        [],
    ] as [[UInt8]])
    func validSequences(bytes: [UInt8]) {
        #expect(UTF8Validator.isValid(bytes))
        #expect(failureIndex(bytes) == nil)
    }

    @Test("Invalid sequences fail at the first offending byte", arguments: [
        ([0xC0, 0xAF], 0),  // overlong '/', C0 can never start a character
        ([0xC1, 0xBF], 0),  // overlong
        ([0xE0, 0x80, 0xAF], 1),  // overlong 3-byte
        ([0xF0, 0x80, 0x80, 0xAF], 1),  // overlong 4-byte
        ([0xED, 0xA0, 0x80], 1),  // surrogate U+D800
        ([0xED, 0xBF, 0xBF], 1),  // surrogate U+DFFF
        ([0xF4, 0x90, 0x80, 0x80], 1),  // U+110000
        ([0xF5, 0x80, 0x80, 0x80], 0),  // lead byte beyond range
        ([0xFE], 0),
        ([0xFF], 0),
        ([0x41, 0x80], 1),  // stray continuation byte
        ([0xC3, 0x41], 1),  // missing continuation
        ([0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5, 0xED, 0xA0, 0x80], 12),
    ] as [([UInt8], Int)])
    func invalidSequences(bytes: [UInt8], failingAt index: Int) {
        #expect(!UTF8Validator.isValid(bytes))
        #expect(failureIndex(bytes) == index)
    }

    @Test("A truncated sequence at the end is valid so far but not at a character boundary")
    func truncatedAtEnd() {
        var validator = UTF8Validator()
        let accepted1 = validator.validate(Array("κόσμ".utf8) + [0xCE])
        #expect(accepted1)
        #expect(!validator.hasFailed)
        #expect(!validator.isAtCharacterBoundary)
        #expect(!UTF8Validator.isValid([0xE2, 0x82]))
        #expect(!UTF8Validator.isValid([0xF0, 0x9F, 0x98]))
    }

    @Test("A character split across chunks is accepted at every split point")
    func splitAcrossChunks() {
        let bytes = Array("a€𝄞κόσμε😀 plain ascii tail!".utf8)
        for split in 0...bytes.count {
            var validator = UTF8Validator()
            let accepted2 = validator.validate(bytes[..<split])
            #expect(accepted2)
            let accepted3 = validator.validate(bytes[split...])
            #expect(accepted3)
            #expect(validator.isAtCharacterBoundary, "split at \(split)")
        }
    }

    @Test("Failure is sticky and reset starts over")
    func stickyAndReset() {
        var validator = UTF8Validator()
        let accepted4 = validator.validate([0xC0])
        #expect(!accepted4)
        let accepted5 = validator.validate([0x41])
        #expect(!accepted5)
        #expect(validator.hasFailed)
        validator.reset()
        let accepted6 = validator.validate([0x41])
        #expect(accepted6)
        #expect(validator.isAtCharacterBoundary)
    }

    @Test("ASCII fast path does not skip an invalid byte hidden after long ASCII runs")
    func fastPathBoundaries() {
        for position in 0..<40 {
            var bytes = [UInt8](repeating: 0x61, count: 40)
            bytes[position] = 0xFF
            #expect(failureIndex(bytes) == position)
            #expect(!UTF8Validator.isValid(bytes))
        }
    }

    @Test("Agrees with the standard library on every 2-byte input")
    func exhaustiveTwoBytes() {
        for first in 0...255 {
            for second in 0...255 {
                let bytes: [UInt8] = [UInt8(first), UInt8(second)]
                let reference = String(validating: bytes, as: UTF8.self) != nil
                #expect(UTF8Validator.isValid(bytes) == reference, "\(hex(bytes))")
            }
        }
    }
}
