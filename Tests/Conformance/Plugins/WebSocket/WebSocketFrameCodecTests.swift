import Testing

@testable import Plugins

/// RFC 6455 §5.7 examples, length encodings and chunking for the frame encoder and decoder.
@Suite("WebSocket frame codec")
struct WebSocketFrameCodecTests {
    static let hello: [UInt8] = Array("Hello".utf8)
    static let unmaskedHello: [UInt8] = [0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]
    static let maskedHello: [UInt8] = [
        0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58,
    ]

    @Test("RFC 5.7: single-frame unmasked text 'Hello' encodes and decodes")
    func unmaskedText() throws {
        let frame = WebSocketFrame(fin: true, opcode: .text, payload: Self.hello)
        #expect(WebSocketFrameEncoder.encode(frame) == Self.unmaskedHello)
        let decoded = try decodeFrames([Self.unmaskedHello[...]], configuration: .init(role: .client))
        #expect(decoded == [frame])
    }

    @Test("RFC 5.7: single-frame masked text 'Hello' encodes and decodes")
    func maskedText() throws {
        let frame = WebSocketFrame(fin: true, opcode: .text, maskingKey: rfcMaskingKey, payload: Self.hello)
        #expect(WebSocketFrameEncoder.encode(frame) == Self.maskedHello)
        let decoded = try decodeFrames([Self.maskedHello[...]])
        #expect(decoded == [frame])
        #expect(decoded.first?.payload == Self.hello)
    }

    @Test("RFC 5.7: fragmented unmasked text 'Hel' + 'lo'")
    func fragmentedText() throws {
        let first = WebSocketFrame(fin: false, opcode: .text, payload: Array("Hel".utf8))
        let second = WebSocketFrame(fin: true, opcode: .continuation, payload: Array("lo".utf8))
        let wire: [UInt8] = [0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f]
        #expect(WebSocketFrameEncoder.encode(first) + WebSocketFrameEncoder.encode(second) == wire)
        #expect(try decodeFrames([wire[...]], configuration: .init(role: .client)) == [first, second])
    }

    @Test("RFC 5.7: unmasked ping and masked pong with 'Hello'")
    func pingPong() throws {
        let ping: [UInt8] = [0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]
        let pong: [UInt8] = [0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]
        #expect(WebSocketFrameEncoder.encode(WebSocketFrame(fin: true, opcode: .ping, payload: Self.hello)) == ping)
        #expect(
            WebSocketFrameEncoder.encode(
                WebSocketFrame(fin: true, opcode: .pong, maskingKey: rfcMaskingKey, payload: Self.hello))
                == pong)
        let decodedPong = try decodeFrames([pong[...]])
        #expect(decodedPong.map(\.opcode) == [.pong])
        #expect(decodedPong.first?.payload == Self.hello)
    }

    @Test("RFC 5.7: 256-byte binary uses the 16-bit length form 0x7E 0x01 0x00")
    func length256() throws {
        let payload = (0..<256).map { UInt8(truncatingIfNeeded: $0) }
        let bytes = WebSocketFrameEncoder.encode(WebSocketFrame(fin: true, opcode: .binary, payload: payload))
        #expect(Array(bytes.prefix(4)) == [0x82, 0x7E, 0x01, 0x00])
        #expect(bytes.count == 4 + 256)
        #expect(try decodeFrames([bytes[...]], configuration: .init(role: .client)).first?.payload == payload)
    }

    @Test("RFC 5.7: 64 KiB binary uses the 64-bit length form")
    func length64KiB() throws {
        let payload = [UInt8](repeating: 0xAB, count: 65536)
        let bytes = WebSocketFrameEncoder.encode(WebSocketFrame(fin: true, opcode: .binary, payload: payload))
        #expect(Array(bytes.prefix(10)) == [0x82, 0x7F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00])
        #expect(bytes.count == 10 + 65536)
        let frames = try decodeFrames([bytes[...]], configuration: .init(role: .client))
        #expect(frames.first?.payload == payload)
    }

    @Test("Length form boundaries: 125 short, 126 and 65535 16-bit, 65536 64-bit", arguments: [
        (125, 2), (126, 4), (65535, 4), (65536, 10),
    ])
    func lengthBoundaries(length: Int, headerSize: Int) throws {
        let payload = [UInt8](repeating: 0x61, count: length)
        let bytes = clientFrame(.binary, payload)
        #expect(bytes.count == headerSize + 4 + length)
        #expect(WebSocketFrameEncoder.headerSize(payloadLength: length, masked: true) == headerSize + 4)
        #expect(try decodeFrames([bytes[...]]).first?.payload == payload)
    }

    @Test("Masked round trip restores payloads of many sizes with many keys")
    func maskedRoundTrip() throws {
        for length in [0, 1, 3, 4, 5, 7, 8, 9, 125, 126, 1000] {
            let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let key = WebSocketMaskingKey(UInt8(length & 0xFF), 0x5A, 0xC3, 0x01)
            let bytes = clientFrame(.binary, payload, key: key)
            if length > 0 { #expect(Array(bytes.suffix(length)) != payload, "payload is masked on the wire") }
            let frames = try decodeFrames([bytes[...]])
            #expect(frames == [WebSocketFrame(fin: true, opcode: .binary, maskingKey: key, payload: payload)])
        }
    }

    @Test("Decoder gives identical frames at every split point of a mixed stream")
    func everySplitPoint() throws {
        let stream =
            Self.maskedHello
            + clientFrame(.text, Array("Hel".utf8), fin: false)
            + clientFrame(.ping, [])
            + clientFrame(.continuation, Array("lo".utf8))
            + clientFrame(.binary, (0..<300).map { UInt8(truncatingIfNeeded: $0) })
            + clientFrame(.close, closePayload(1000, Array("bye".utf8)))
        let whole = try decodeFrames([stream[...]])
        #expect(whole.map(\.opcode) == [.text, .text, .ping, .continuation, .binary, .close])
        for split in 0...stream.count {
            let parts = try decodeFrames([stream[..<split], stream[split...]])
            #expect(parts == whole, "split at \(split)")
        }
    }

    @Test("Decoder gives identical frames when fed one byte at a time")
    func byteAtATime() throws {
        let stream = Self.maskedHello + clientFrame(.binary, [UInt8](repeating: 7, count: 70_000))
        let whole = try decodeFrames([stream[...]])
        let single = try decodeFrames(stream.indices.map { stream[$0..<($0 + 1)] })
        #expect(single == whole)
        #expect(whole.count == 2)
    }

    @Test("Decoder streams payload chunks as they arrive, already unmasked")
    func streamingParts() throws {
        var decoder = WebSocketFrameDecoder()
        decoder.append(Self.maskedHello.prefix(9))  // 2 + 4 header bytes, then "Hel"
        #expect(try decoder.nextPart() == .header(
            WebSocketFrameHeader(fin: true, opcode: .text, maskingKey: rfcMaskingKey, payloadLength: 5)))
        #expect(try decoder.nextPart() == .payload(Array("Hel".utf8)))
        #expect(try decoder.nextPart() == nil)
        decoder.append(Self.maskedHello.suffix(2))
        #expect(try decoder.nextPart() == .payload(Array("lo".utf8)))
        #expect(try decoder.nextPart() == .end)
        #expect(try decoder.nextPart() == nil)
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test("Encoder carries RSV bits and the FIN flag of the frame")
    func flagsEncoding() {
        let frame = WebSocketFrame(fin: false, opcode: .binary, payload: [], rsv1: true, rsv3: true)
        #expect(WebSocketFrameEncoder.encode(frame) == [0x52, 0x00])
    }
}
