import Testing

@testable import Kernel

private let chunkedHead = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"

/// Feeds a chunked body straight into a `ChunkedDecoder` at every split point.
private func decodeEverySplit(_ body: [UInt8], limits: HTTP1ParserLimits = .init()) -> Result<[UInt8], HTTP1ParseError> {
    func decode(_ parts: [ArraySlice<UInt8>]) -> Result<[UInt8], HTTP1ParseError> {
        var decoder = ChunkedDecoder(limits: limits)
        var data: [UInt8] = []
        var consumedTotal = 0
        for part in parts {
            let chunk = Array(part)
            do {
                let (consumed, finished) = try chunk.withUnsafeBytes { raw throws(HTTP1ParseError) in
                    try decoder.decode(raw) { data += raw[$0] }
                }
                consumedTotal += consumed
                if finished { return .success(consumedTotal == body.count ? data : data + [0xFF]) }
            } catch let error as HTTP1ParseError {
                return .failure(error)
            } catch {
                Issue.record("unexpected error type \(error)")
                return .success([])
            }
        }
        return .success(data + [0xEE])  // unfinished marker
    }
    let reference = decode([body[...]])
    for split in 0...body.count {
        let outcome = decode([body[..<split], body[split...]])
        #expect(outcome == reference, "split at \(split)")
        if outcome != reference { break }
    }
    #expect(decode(body.indices.map { body[$0...$0] }) == reference, "byte by byte")
    return reference
}

@Suite("ChunkedDecoder")
struct ChunkedDecoderTests {
    @Test("CHUNK-001 decodes data, quoted extensions and trailers")
    func decodesBody() {
        let body = bytes("3\r\nabc\r\nA;x=\"q\\\\\";y\r\n0123456789\r\n0\r\nT: 1\r\n\r\n")
        #expect(decodeEverySplit(body) == .success(bytes("abc0123456789")))
    }

    @Test("CHUNK-002 stops exactly after the final CRLF")
    func stopsAtEnd() {
        #expect(decodeEverySplit(bytes("1\r\nz\r\n0\r\n\r\nNEXT")) == .success(bytes("z") + [0xFF]))
        #expect(decodeEverySplit(bytes("1\r\nz\r\n0\r\n")) == .success(bytes("z") + [0xEE]))
    }

    static let malformed: [RejectVector] = [
        .init("non-hex size", chunkedHead + "g\r\nx\r\n0\r\n\r\n", .invalidChunkSize),
        .init("empty size", chunkedHead + "\r\n0\r\n\r\n", .invalidChunkSize),
        .init("negative size", chunkedHead + "-1\r\nx\r\n0\r\n\r\n", .invalidChunkSize),
        .init("0x prefix", chunkedHead + "0x1\r\nx\r\n0\r\n\r\n", .invalidChunkSize),
        .init("huge size is 413 before it can overflow", chunkedHead + "8000000000000000\r\n", .chunkedBodyTooLarge),
        .init("missing CRLF after data", chunkedHead + "3\r\nabcX\r\n0\r\n\r\n", .missingChunkDataTerminator),
        .init("LF only after data", chunkedHead + "3\r\nabc\n0\r\n\r\n", .missingChunkDataTerminator),
        .init("bare LF after size", chunkedHead + "3\nabc\r\n0\r\n\r\n", .bareLineFeed),
        .init("bare CR after size", chunkedHead + "3\rabc\r\n0\r\n\r\n", .bareCarriageReturn),
        .init("whitespace then CRLF", chunkedHead + "3 \r\nabc\r\n0\r\n\r\n", .invalidChunkExtension),
        .init("empty extension", chunkedHead + "3;\r\nabc\r\n0\r\n\r\n", .invalidChunkExtension),
        .init("CTL in extension", chunkedHead + "3;a=\u{1}\r\nabc\r\n0\r\n\r\n", .invalidChunkExtension),
        .init("bare LF in extension", chunkedHead + "3;a\nabc\r\n0\r\n\r\n", .bareLineFeed),
        .init("CR inside quoted extension", chunkedHead + "3;a=\"x\ry\"\r\nabc\r\n0\r\n\r\n", .invalidChunkExtension),
        .init("unterminated extension value", chunkedHead + "3;a=\r\nabc\r\n0\r\n\r\n", .invalidChunkExtension),
        .init("trailer without colon", chunkedHead + "0\r\nbad trailer\r\n\r\n", .invalidTrailer),
        .init("obs-fold in trailer", chunkedHead + "0\r\nT: 1\r\n 2\r\n\r\n", .invalidTrailer),
        .init("bare LF in trailer", chunkedHead + "0\r\nT: 1\n\r\n", .bareLineFeed),
        .init("bare CR at the end", chunkedHead + "0\r\n\rX", .bareCarriageReturn),
    ]

    @Test("CHUNK-003 malformed chunked bodies are rejected after the head", arguments: malformed)
    func rejectsMalformed(vector: RejectVector) throws {
        let outcome = ChunkingVerifier.verify(vector.wire)
        #expect(outcome.error == vector.error)
        #expect(outcome.heads.count == 1)
        #expect(!outcome.events.contains(.end))
    }

    @Test("CHUNK-004 chunk size overflow is detected even with an unlimited body")
    func overflowWithUnlimitedBody() {
        let limits = HTTP1ParserLimits(maxChunkedBodySize: .max)
        #expect(decodeEverySplit(bytes("10000000000000000\r\n"), limits: limits) == .failure(.chunkSizeOverflow))
    }

    @Test("CHUNK-005 writeChunk output round-trips through the decoder")
    func roundTrip() {
        var wire: [UInt8] = []
        HTTP1ResponseSerializer.writeChunk(bytes("hello "), into: &wire)
        HTTP1ResponseSerializer.writeChunk([UInt8](), into: &wire)
        HTTP1ResponseSerializer.writeChunk([UInt8](repeating: 0x61, count: 300), into: &wire)
        HTTP1ResponseSerializer.writeLastChunk(into: &wire)
        #expect(wire.prefix(10) == bytes("6\r\nhello \r\n")[...].prefix(10))
        #expect(wire.suffix(5) == bytes("0\r\n\r\n")[...])
        #expect(decodeEverySplit(wire) == .success(bytes("hello ") + [UInt8](repeating: 0x61, count: 300)))
    }
}
