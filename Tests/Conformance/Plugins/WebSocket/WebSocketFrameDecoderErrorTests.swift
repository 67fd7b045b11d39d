import Testing

@testable import Plugins

/// Frame-level protocol violations detected by the decoder, as early as possible.
@Suite("WebSocket frame decoder errors")
struct WebSocketFrameDecoderErrorTests {
    private func decodeError(
        _ bytes: [UInt8], configuration: WebSocketFrameDecoder.Configuration = .init()
    ) -> WebSocketProtocolError? {
        do {
            _ = try decodeFrames([bytes[...]], configuration: configuration)
            return nil
        } catch {
            return error
        }
    }

    @Test("Server role rejects an unmasked client frame with 1002")
    func unmaskedClientFrame() {
        let error = decodeError([0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f])
        #expect(error == .unmaskedClientFrame)
        #expect(error?.closeCode == .protocolError)
    }

    @Test("Client role rejects a masked server frame with 1002")
    func maskedServerFrame() {
        let error = decodeError(clientText("Hello"), configuration: .init(role: .client))
        #expect(error == .maskedServerFrame)
    }

    @Test("Any RSV bit without a negotiated extension is 1002", arguments: [
        (true, false, false), (false, true, false), (false, false, true),
    ])
    func reservedBits(rsv1: Bool, rsv2: Bool, rsv3: Bool) {
        let bytes = clientFrame(.text, [0x41], rsv1: rsv1, rsv2: rsv2, rsv3: rsv3)
        #expect(decodeError(bytes) == .reservedBitsSet)
    }

    @Test("RSV1 is accepted when an extension allows it")
    func reservedBitAllowed() throws {
        let bytes = clientFrame(.text, [0x41], rsv1: true)
        let frames = try decodeFrames([bytes[...]], configuration: .init(allowedReservedBits: .rsv1))
        #expect(frames.first?.rsv1 == true)
    }

    @Test("Reserved opcodes are 1002", arguments: [3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF] as [UInt8])
    func reservedOpcodes(opcode: UInt8) {
        let bytes = clientFrame(WebSocketOpcode(rawValue: opcode)!, [])
        let error = decodeError(bytes)
        #expect(error == .unknownOpcode)
        #expect(error?.closeCode == .protocolError)
    }

    @Test("Control frame without FIN is 1002", arguments: [WebSocketOpcode.ping, .pong, .close])
    func fragmentedControl(opcode: WebSocketOpcode) {
        #expect(decodeError(clientFrame(opcode, [], fin: false)) == .fragmentedControlFrame)
    }

    @Test("Control frame payload of 126 bytes is 1002, 125 is fine")
    func controlTooLong() throws {
        #expect(decodeError(clientFrame(.ping, [UInt8](repeating: 1, count: 126))) == .controlFrameTooLong)
        let frames = try decodeFrames([clientFrame(.ping, [UInt8](repeating: 1, count: 125))[...]])
        #expect(frames.first?.payload.count == 125)
    }

    @Test("64-bit length with the most significant bit set is 1002")
    func lengthMSB() {
        let bytes: [UInt8] = [0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4]
        let error = decodeError(bytes)
        #expect(error == .invalidPayloadLength)
        #expect(error?.closeCode == .protocolError)
    }

    @Test("Frame above maxFrameSize is 1009 as soon as the length is known")
    func frameTooLarge() {
        var decoder = WebSocketFrameDecoder(configuration: .init(maxFrameSize: 16))
        decoder.append([0x82, 0x91])  // masked, 17 bytes announced, nothing else sent yet
        #expect(throws: WebSocketProtocolError.frameTooLarge) { try decoder.nextPart() }
        #expect(WebSocketProtocolError.frameTooLarge.closeCode == .messageTooBig)
        var exact = WebSocketFrameDecoder(configuration: .init(maxFrameSize: 16))
        exact.append(clientFrame(.binary, [UInt8](repeating: 0, count: 16)))
        #expect(throws: Never.self) { try exact.nextFrame() }
    }

    @Test("Invalid first byte fails before the second byte arrives")
    func failsOnFirstByte() {
        var decoder = WebSocketFrameDecoder()
        decoder.append([0xA2])  // FIN, RSV2, binary (the fastify-websocket 'A2 00' case)
        #expect(throws: WebSocketProtocolError.reservedBitsSet) { try decoder.nextPart() }
    }

    @Test("Errors are sticky: later calls throw the same error even with valid input")
    func stickyError() {
        var decoder = WebSocketFrameDecoder()
        decoder.append([0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f])
        #expect(throws: WebSocketProtocolError.unmaskedClientFrame) { try decoder.nextPart() }
        decoder.append(clientText("ok"))
        #expect(throws: WebSocketProtocolError.unmaskedClientFrame) { try decoder.nextFrame() }
    }

    @Test("Incomplete header returns nil instead of failing")
    func incompleteHeader() throws {
        var decoder = WebSocketFrameDecoder()
        let bytes = clientFrame(.binary, [UInt8](repeating: 9, count: 300))
        for count in 0..<8 {  // 2 + 2 (16-bit length) + 4 (mask)
            decoder = WebSocketFrameDecoder()
            decoder.append(bytes.prefix(count))
            #expect(try decoder.nextPart() == nil, "prefix \(count)")
        }
    }
}
