import Testing

@testable import Kernel

/// The branch-free byte classes against their RFC definitions, for all 256 byte values.
@Suite("HTTP1ByteClass")
struct HTTP1ByteClassTests {
    @Test("tchar (RFC 9110 §5.6.2): ALPHA, DIGIT and !#$%&'*+-.^_`|~, nothing else")
    func tokenCharacters() {
        let symbols = Set("!#$%&'*+-.^_`|~".utf8)
        for value in 0...255 {
            let byte = UInt8(value)
            let letter = (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            let expected = letter || (0x30...0x39).contains(byte) || symbols.contains(byte)
            #expect(HTTP1ByteClass.isTokenChar(byte) == expected, "byte \(value)")
        }
    }

    @Test("a field name is a token when every byte is a tchar; an empty name is not")
    func tokenNames() {
        for value in 0...255 {
            let byte = UInt8(value)
            for bytes in [[byte], [UInt8(ascii: "a"), byte, UInt8(ascii: "b")], [UInt8](repeating: byte, count: 40)] {
                let checked = bytes.withUnsafeBufferPointer { HTTP1ByteClass.isToken($0) }
                #expect(checked == HTTP1ByteClass.isTokenChar(byte), "byte \(value) in \(bytes.count) bytes")
            }
        }
        #expect(![UInt8]().withUnsafeBufferPointer { HTTP1ByteClass.isToken($0) })
        #expect(HTTP1ByteClass.tokenTable.utf8CodeUnitCount == 256)
    }

    @Test("Host bytes (RFC 3986): unreserved, sub-delims, %, :, [ and ], nothing else")
    func hostCharacters() {
        let others = Set("-._~!$&'()*+,;=%:[]".utf8)
        for value in 0...255 {
            let byte = UInt8(value)
            let alphanumeric = (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
            #expect(HTTP1ByteClass.isHostChar(byte) == (alphanumeric || others.contains(byte)), "byte \(value)")
        }
    }

    @Test("Host fields byte by byte: a reg-name byte, a colon in an IP literal, a digit in the port")
    func hostFieldsByteByByte() {
        #expect(HTTP1ByteClass.regNameTable.utf8CodeUnitCount == 256)
        func valid(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBytes { HTTP1RequestHead.isValidHostField($0[...]) } }
        for value in 0...255 {
            let byte = UInt8(value)
            let regName = HTTP1ByteClass.isHostChar(byte) && byte != 0x3A && byte != 0x5B && byte != 0x5D
            #expect(HTTP1ByteClass.isRegNameChar(byte) == regName, "byte \(value)")
            #expect(valid([0x61, byte, 0x62]) == regName, "a?b with byte \(value)")
            #expect(valid([0x5B, 0x31, byte, 0x31, 0x5D, 0x3A, 0x38]) == (regName || byte == 0x3A), "[1?1]:8 with byte \(value)")
            #expect(valid([0x68, 0x3A, 0x38, byte]) == HTTP1ByteClass.isDigit(byte), "h:8? with byte \(value)")
        }
    }

    @Test("equalsIgnoringCase, a word at a time, agrees with a byte loop for every byte at every position of every length")
    func equalsIgnoringCaseMatchesByteLoop() {
        let literals: [StaticString] = [
            "", "a", "te", "host", "close", "expect", "chunked", "http://", "https://", "100-continue",
            "content-length", "accept-encoding", "transfer-encoding", "access-control-request-headers",
        ]
        for literal in literals {
            let expected = Array(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
            func reference(_ bytes: [UInt8]) -> Bool {
                bytes.count == expected.count && zip(bytes, expected).allSatisfy { HTTP1ByteClass.lowercased($0) == $1 }
            }
            func check(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBytes { HTTP1ByteClass.equalsIgnoringCase($0[...], literal) } }
            #expect(check(expected) && check(expected.map { $0 &- 0x61 < 26 ? $0 - 0x20 : $0 }), "\(literal)")
            #expect(!check(expected + [0x61]) && (expected.isEmpty || !check(Array(expected.dropLast()))), "\(literal)")
            for position in expected.indices {
                for byte in UInt8.min...UInt8.max {
                    var bytes = expected
                    bytes[position] = byte
                    if check(bytes) != reference(bytes) {
                        Issue.record("\(literal): byte \(byte) at \(position)")
                        return
                    }
                }
            }
        }
    }
}
