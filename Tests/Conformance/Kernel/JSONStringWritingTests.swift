import Testing
@testable import Kernel

@Suite("JSON writer: strings are escaped exactly where JSON requires")
struct JSONStringWritingTests {
    /// The escaping the writer must produce, one byte at a time.
    static func expected(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let s where s.value < 0x20:
                let hex = String(s.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    @Test("the word-at-a-time check agrees with a byte loop for every byte at every position")
    func escapeCheckMatchesByteLoop() {
        for filler: UInt8 in [UInt8(ascii: "a"), 0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x80, 0xFF] {
            for length in 1...19 {
                for position in 0..<length {
                    for byte in UInt8.min...UInt8.max {
                        var bytes = [UInt8](repeating: filler, count: length)
                        bytes[position] = byte
                        let expected = bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
                        let found = bytes.withUnsafeBufferPointer { JSONSink.needsEscaping($0) }
                        if found != expected {
                            Issue.record("byte \(byte) at \(position) of \(length), filler \(filler): \(found)")
                            return
                        }
                    }
                }
            }
        }
    }

    @Test("every ASCII character at every position of strings up to 19 bytes, and non-ASCII text, round-trips")
    func stringsAreEscaped() throws {
        for length in 1...19 {
            for position in 0..<length {
                for value in 0..<0x80 {
                    var scalars = String.UnicodeScalarView(repeating: "é", count: 0)
                    for index in 0..<length { scalars.append(index == position ? Unicode.Scalar(UInt8(value)) : "x") }
                    let text = String(scalars)
                    let written = String(decoding: try JSONCoding.encode(text), as: UTF8.self)
                    if written != Self.expected(text) {
                        Issue.record("\(Array(text.utf8)): \(written)")
                        return
                    }
                }
            }
        }
        for text in ["café \"ünïcode\" ✓", "tab\there", String(repeating: "long\\", count: 100)] {
            #expect(String(decoding: try JSONCoding.encode(text), as: UTF8.self) == Self.expected(text))
        }
    }

    @Test("a document larger than the first buffer grows it and keeps every byte")
    func growsPastInitialCapacity() throws {
        let items = (0..<500).map { "item-\($0)" }
        let written = try JSONCoding.encode(items)
        let expected = "[" + items.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        #expect(String(decoding: written, as: UTF8.self) == expected)
    }
}
