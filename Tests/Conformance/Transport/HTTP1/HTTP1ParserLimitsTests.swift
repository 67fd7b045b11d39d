import Testing

@testable import Kernel

/// Every limit accepts a message exactly at the limit and rejects one byte (or field) more,
/// with the status nginx-style servers use.
@Suite("HTTP1Parser: limits")
struct HTTP1ParserLimitsTests {
    /// A request-line of exactly `length` bytes (CRLF excluded).
    private func requestLine(length: Int) -> String {
        let fixed = "GET / HTTP/1.1".utf8.count
        return "GET /" + String(repeating: "a", count: length - fixed) + " HTTP/1.1"
    }

    @Test("LIMIT-001 request-line of 8192 bytes is accepted, 8193 answers 414")
    func requestLineLimit() {
        let atLimit = ChunkingVerifier.verify(bytes(requestLine(length: 8192) + "\r\nHost: a\r\n\r\n"))
        #expect(atLimit.error == nil)
        #expect(atLimit.heads.count == 1)
        let over = ChunkingVerifier.verify(bytes(requestLine(length: 8193) + "\r\nHost: a\r\n\r\n"))
        #expect(over.error == .requestLineTooLong)
        #expect(over.error?.status == 414)
    }

    @Test("LIMIT-002 an endless request-line is rejected without waiting for CRLF")
    func endlessRequestLine() {
        let outcome = ChunkingVerifier.verify(bytes("GET /" + String(repeating: "a", count: 9000)))
        #expect(outcome.error == .requestLineTooLong)
    }

    /// A header section of exactly `size` bytes: Host line, one filler field, final CRLF.
    private func headerSection(size: Int) -> String {
        let host = "Host: a\r\n"
        let fillerOverhead = "X: \r\n".utf8.count + 2
        return host + "X: " + String(repeating: "v", count: size - host.utf8.count - fillerOverhead) + "\r\n\r\n"
    }

    @Test("LIMIT-003 header section of 16384 bytes is accepted, 16385 answers 431")
    func headerSectionLimit() {
        let atLimit = ChunkingVerifier.verify(bytes("GET / HTTP/1.1\r\n" + headerSection(size: 16384)))
        #expect(atLimit.error == nil)
        #expect(atLimit.heads.first?.firstValue(for: "x")?.utf8.count == 16384 - 9 - 7)
        let over = ChunkingVerifier.verify(bytes("GET / HTTP/1.1\r\n" + headerSection(size: 16385)))
        #expect(over.error == .headerSectionTooLarge)
        #expect(over.error?.status == 431)
    }

    @Test("LIMIT-004 100 fields are accepted, 101 answer 431")
    func headerCountLimit() {
        func wire(fields: Int) -> [UInt8] {
            var text = "GET / HTTP/1.1\r\nHost: a\r\n"
            for index in 1..<fields { text += "F\(index): v\r\n" }
            return bytes(text + "\r\n")
        }
        #expect(ChunkingVerifier.verify(wire(fields: 100)).heads.first?.headers.count == 100)
        let over = ChunkingVerifier.verify(wire(fields: 101))
        #expect(over.error == .tooManyHeaders)
        #expect(over.error?.status == 431)
    }

    @Test("LIMIT-005 chunked body at the limit is accepted, one byte more answers 413")
    func chunkedBodyLimit() {
        let limits = HTTP1ParserLimits(maxChunkedBodySize: 10)
        let head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        let atLimit = ChunkingVerifier.verify(bytes(head + "4\r\nabcd\r\n6\r\nefghij\r\n0\r\n\r\n"), limits: limits)
        #expect(atLimit.bodies == [bytes("abcdefghij")])
        let over = ChunkingVerifier.verify(bytes(head + "4\r\nabcd\r\n7\r\nefghijk\r\n0\r\n\r\n"), limits: limits)
        #expect(over.error == .chunkedBodyTooLarge)
        #expect(over.error?.status == 413)
        #expect(over.bodies == [bytes("abcd")])
    }

    @Test("LIMIT-006 chunk-size line and trailer section are bounded")
    func chunkLineAndTrailerLimits() {
        let limits = HTTP1ParserLimits(maxHeaderSectionSize: 64, maxChunkLineLength: 16)
        let head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        let longLine = ChunkingVerifier.verify(bytes(head + "1;" + String(repeating: "e", count: 15) + "\r\nx\r\n0\r\n\r\n"), limits: limits)
        #expect(longLine.error == .chunkLineTooLong)
        let okLine = ChunkingVerifier.verify(bytes(head + "1;" + String(repeating: "e", count: 14) + "\r\nx\r\n0\r\n\r\n"), limits: limits)
        #expect(okLine.error == nil)
        let longTrailer = ChunkingVerifier.verify(bytes(head + "0\r\nT: " + String(repeating: "t", count: 70) + "\r\n\r\n"), limits: limits)
        #expect(longTrailer.error == .headerSectionTooLarge)
        let manyTrailers = ChunkingVerifier.verify(
            bytes(head + "0\r\n" + String(repeating: "T: 1\r\n", count: 3) + "\r\n"),
            limits: HTTP1ParserLimits(maxHeaderCount: 2))
        #expect(manyTrailers.error == .tooManyHeaders)
    }
}
