import Testing

@testable import Kernel

/// Classic request-smuggling shapes: each must fail on the first request, so the request
/// hidden in its body is never parsed as a second request.
@Suite("HTTP1Parser: request smuggling")
struct HTTP1SmugglingTests {
    static let hidden = "GET /admin HTTP/1.1\r\nHost: a\r\n\r\n"

    static let attacks: [RejectVector] = [
        .init("CL.TE", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + hidden,
              .contentLengthWithTransferEncoding),
        .init("TE.CL", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n" + hidden,
              .contentLengthWithTransferEncoding),
        .init("chunked, identity", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n" + hidden,
              .chunkedNotFinal),
        .init("space before colon", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n" + hidden,
              .whitespaceBeforeColon),
        .init("CL list", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 2\r\n\r\nx" + hidden, .duplicateContentLength),
        .init("obs-fold TE", "POST / HTTP/1.1\r\nHost: a\r\nX: y\r\n Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n" + hidden,
              .obsoleteLineFolding),
        .init("bare LF header", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\nContent-Length: 5\r\n\r\n0\r\n\r\n" + hidden,
              .bareLineFeed),
        .init("TE in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + hidden, .transferEncodingInHTTP10),
        .init("xchunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n" + hidden, .chunkedNotFinal),
        .init("tab-prefixed TE value is still one coding", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\tchunked, x\r\n\r\n" + hidden,
              .chunkedNotFinal),
    ]

    @Test("SMUGGLE-001 ambiguous framing is an error and no second request appears", arguments: attacks)
    func ambiguousFramingIsRejected(vector: RejectVector) {
        let outcome = ChunkingVerifier.verify(vector.wire)
        #expect(outcome.error == vector.error)
        #expect(outcome.heads.isEmpty)
        #expect(!outcome.heads.contains { $0.target == "/admin" })
    }

    @Test("SMUGGLE-002 chunk-extension tricks cannot hide a request")
    func chunkExtensionTricks() {
        let head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        for body in ["2;\nxx\r\n45\r\n0\r\n\r\n", "2\r\nxx0\r\n\r\n", "2;a=\"\r\n\"\r\nxx\r\n0\r\n\r\n"] {
            let outcome = ChunkingVerifier.verify(bytes(head + body + Self.hidden))
            #expect(outcome.error != nil, "\(body.debugDescription)")
            #expect(outcome.heads.count == 1)
        }
    }

    @Test("SMUGGLE-003 a valid chunked request followed by a pipelined one yields both, once")
    func validChunkedThenPipelined() {
        let wire = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n0\r\n\r\n\r\n0\r\n\r\n" + Self.hidden
        let outcome = ChunkingVerifier.verify(bytes(wire))
        #expect(outcome.error == nil)
        #expect(outcome.heads.map(\.target) == ["/", "/admin"])
        #expect(outcome.bodies.first == bytes("0\r\n\r\n"))
    }
}
