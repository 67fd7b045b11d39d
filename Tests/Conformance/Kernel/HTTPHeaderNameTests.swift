import Testing
@testable import Kernel

@Suite("HTTPHeaders: names are compared case-insensitively, lowercased once")
struct HTTPHeaderNameTests {
    @Test("the word-at-a-time capital check agrees with a byte loop for every byte at every position")
    func uppercaseCheckMatchesByteLoop() {
        // Fillers below and above 0x80, so a carry between bytes or a high byte would show.
        for filler: UInt8 in [UInt8(ascii: "a"), 0x40, 0x5B, 0x7F, 0x80, 0xC1, 0xFF] {
            for length in 1...19 {
                for position in 0..<length {
                    for byte in UInt8.min...UInt8.max {
                        var bytes = [UInt8](repeating: filler, count: length)
                        bytes[position] = byte
                        let expected = bytes.contains { $0 >= 0x41 && $0 <= 0x5A }
                        let found = bytes.withUnsafeBytes { HTTPHeaders.containsUppercase($0) }
                        if found != expected {
                            Issue.record("byte \(byte) at \(position) of \(length), filler \(filler): \(found)")
                            return
                        }
                    }
                }
            }
        }
    }

    @Test("names of every length are folded to lowercase for reads, writes and removal")
    func foldsNamesOfEveryLength() {
        for length in 1...40 {
            let lower = String(repeating: "x", count: length - 1) + "a"
            let mixed = String(repeating: "x", count: length - 1) + "A"
            var headers = HTTPHeaders()
            headers[mixed] = "1"
            #expect(headers.map(\.name) == [lower])
            #expect(headers[lower] == "1")
            headers[lower.uppercased()] = nil
            #expect(headers.isEmpty)
        }
    }

    @Test("a token is found in any field of a comma-separated list, in any case, and not in a field that is absent")
    func containsTokenAcrossFields() throws {
        var headers: HTTPHeaders = ["Connection": "keep-alive"]
        #expect(!headers.containsToken("close", in: "connection"))
        #expect(!headers.containsToken("close", in: "vary"))
        headers.add("connection", " Upgrade ,CLOSE ")
        #expect(headers.containsToken("close", in: "Connection"))
        #expect(headers.containsToken("upgrade", in: "connection"))
        #expect(!headers.containsToken("clos", in: "connection"))
        let shared = try HTTPHeaderBlock([("vary", "Origin, Accept-Encoding")])
        var withBlock = HTTPHeaders()
        withBlock.set(shared)
        #expect(withBlock.containsToken("accept-encoding", in: "vary"))
        #expect(!withBlock.containsToken("close", in: "connection"))
    }

    @Test("setContentLength appends once, replaces every earlier value, and formats lengths past the table")
    func contentLength() throws {
        var headers: HTTPHeaders = ["content-type": "text/plain"]
        headers.setContentLength(0)
        #expect(headers.map { "\($0.name)=\($0.value)" } == ["content-type=text/plain", "content-length=0"])
        headers.add("Content-Length", "7")
        headers.setContentLength(1023)
        #expect(headers.values(for: "content-length") == ["1023"])
        headers.setContentLength(1024)
        #expect(headers["content-length"] == "1024")
        headers.setContentLength(123_456_789)
        #expect(headers.values(for: "content-length") == ["123456789"] && headers.count == 2)

        var shared = HTTPHeaders()
        shared.set(try HTTPHeaderBlock([("x-frame-options", "DENY")]))
        shared.setContentLength(5)
        #expect(shared.map { "\($0.name)=\($0.value)" } == ["x-frame-options=DENY", "content-length=5"])
    }
}
