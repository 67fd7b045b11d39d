import Testing

@testable import Plugins

/// Each way a client can violate RFC 6455, and the close code the server fails with.
@Suite("WebSocket protocol errors")
struct WebSocketProtocolErrorTests {
    /// Feeds `bytes` and checks the server writes a close frame with `code`,
    /// then closes the connection reporting `error`.
    private func expectFailure(
        _ bytes: [UInt8], _ error: WebSocketProtocolError, code: UInt16,
        configuration: WebSocketProtocolStateMachine.Configuration = .init(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let actions = serverActions(bytes, configuration: configuration)
        #expect(failure(of: actions) == error, sourceLocation: sourceLocation)
        #expect(writtenCloseCode(in: actions) == code, sourceLocation: sourceLocation)
        #expect(error.closeCode.rawValue == code, sourceLocation: sourceLocation)
        #expect(actions.last == .closeConnection(error), sourceLocation: sourceLocation)
    }

    @Test("Unmasked client frame → 1002")
    func unmasked() {
        expectFailure([0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f], .unmaskedClientFrame, code: 1002)
    }

    @Test("RSV bits without extension → 1002 (incl. raw A2 00)")
    func reservedBits() {
        expectFailure(clientFrame(.text, [0x41], rsv1: true), .reservedBitsSet, code: 1002)
        expectFailure([0xA2, 0x00], .reservedBitsSet, code: 1002)
    }

    @Test("Reserved opcode → 1002")
    func reservedOpcode() {
        expectFailure(clientFrame(WebSocketOpcode(rawValue: 0xB)!, []), .unknownOpcode, code: 1002)
    }

    @Test("Fragmented ping and 126-byte ping → 1002")
    func controlFrameRules() {
        expectFailure(clientFrame(.ping, [], fin: false), .fragmentedControlFrame, code: 1002)
        expectFailure(clientFrame(.ping, [UInt8](repeating: 0, count: 126)), .controlFrameTooLong, code: 1002)
    }

    @Test("Continuation without a started message → 1002")
    func continuationWithoutStart() {
        expectFailure(clientFrame(.continuation, Array("x".utf8)), .unexpectedContinuation, code: 1002)
    }

    @Test("New text frame while a fragmented message is in progress → 1002")
    func dataFrameMidMessage() {
        expectFailure(clientText("a", fin: false) + clientText("b"), .expectedContinuation, code: 1002)
        expectFailure(clientText("a", fin: false) + clientFrame(.binary, [1]), .expectedContinuation, code: 1002)
    }

    @Test("Invalid UTF-8 text → 1007", arguments: [
        [0xFF, 0xFE], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
    ] as [[UInt8]])
    func invalidText(bytes: [UInt8]) {
        expectFailure(clientFrame(.text, bytes), .invalidUTF8Text, code: 1007)
    }

    @Test("Text ending mid-character → 1007, but the same split across fragments is fine")
    func truncatedVersusSplit() {
        expectFailure(clientFrame(.text, [0x41, 0xE2, 0x82]), .invalidUTF8Text, code: 1007)
        let split = clientFrame(.text, [0x41, 0xE2, 0x82], fin: false) + clientFrame(.continuation, [0xAC])
        #expect(serverActions(split) == [.event(.text("A€"))])
    }

    @Test("Invalid UTF-8 fails fast: at the bad fragment, before the message ends")
    func failFastAcrossFragments() {
        var machine = WebSocketProtocolStateMachine()
        #expect(machine.feed(clientFrame(.text, Array("κόσμε".utf8), fin: false)).isEmpty)
        let actions = machine.feed(clientFrame(.continuation, [0xF4, 0x90, 0x80, 0x80], fin: false))
        #expect(failure(of: actions) == .invalidUTF8Text)
        #expect(writtenCloseCode(in: actions) == 1007)
    }

    @Test("Invalid UTF-8 fails fast inside one frame delivered in chops (Autobahn 6.4.3)")
    func failFastWithinFrame() {
        let payload = Array("κόσμε".utf8) + [0xF4, 0x90, 0x80, 0x80] + Array("edited".utf8)
        let frame = clientFrame(.text, payload)
        let headerSize = 2 + 4
        var machine = WebSocketProtocolStateMachine()
        #expect(machine.feed(frame[..<(headerSize + 10)]).isEmpty)  // valid prefix of the payload
        let actions = machine.feed(frame[(headerSize + 10)..<(headerSize + 13)])  // F4 90: invalid now
        #expect(failure(of: actions) == .invalidUTF8Text)
    }

    @Test("Close payload of one byte → 1002")
    func closeOneByte() {
        expectFailure(clientFrame(.close, [0x03]), .closePayloadTooShort, code: 1002)
    }

    @Test("Invalid close codes → 1002", arguments: [0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000] as [UInt16])
    func invalidCloseCode(code: UInt16) {
        expectFailure(clientFrame(.close, closePayload(code)), .invalidCloseCode, code: 1002)
    }

    @Test("Close reason with invalid UTF-8 → 1007")
    func invalidCloseReason() {
        let reason: [UInt8] = [0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xED, 0xA0, 0x80, 0x65]
        expectFailure(clientFrame(.close, closePayload(1000, reason)), .invalidUTF8CloseReason, code: 1007)
    }

    @Test("Frame above maxPayload → 1009 before its payload arrives")
    func frameTooBig() {
        let config = WebSocketProtocolStateMachine.Configuration(maxMessageSize: 16)
        let frame = clientFrame(.binary, [UInt8](repeating: 0, count: 100))
        expectFailure(Array(frame.prefix(8)), .frameTooLarge, code: 1009, configuration: config)
    }

    @Test("Control frames are not subject to a small maxPayload")
    func controlFramesExempt() {
        let config = WebSocketProtocolStateMachine.Configuration(maxMessageSize: 16)
        let payload = [UInt8](repeating: 0x70, count: 100)
        #expect(serverActions(clientFrame(.ping, payload), configuration: config) == [
            .event(.ping(payload)), .write(serverFrame(.pong, payload)),
        ])
    }

    @Test("Fragmented message whose sum exceeds maxPayload → 1009")
    func messageTooBig() {
        let config = WebSocketProtocolStateMachine.Configuration(maxMessageSize: 16)
        let ten = [UInt8](repeating: 0x61, count: 10)
        expectFailure(
            clientFrame(.text, ten, fin: false) + clientFrame(.continuation, ten), .messageTooLarge, code: 1009,
            configuration: config)
        #expect(serverActions(clientFrame(.text, ten, fin: false) + clientFrame(.continuation, [0x62]),
            configuration: config).count == 1)
    }

    @Test("Default limit is 1 MiB: exactly 1 MiB passes, one byte more fails with 1009")
    func defaultLimit() {
        let limit = 1 << 20
        let ok = serverActions(clientFrame(.binary, [UInt8](repeating: 1, count: limit)))
        #expect(ok.count == 1)
        expectFailure(
            Array(clientFrame(.binary, [UInt8](repeating: 1, count: limit + 1)).prefix(14)), .frameTooLarge,
            code: 1009)
    }

    @Test("64-bit length with MSB set → 1002")
    func lengthMSB() {
        expectFailure([0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4], .invalidPayloadLength, code: 1002)
    }

    @Test("After a failure no further input is processed and sends are refused")
    func afterFailure() {
        var machine = WebSocketProtocolStateMachine()
        _ = machine.feed([0x81, 0x00])
        #expect(machine.state == .closed)
        #expect(machine.feed(clientText("ignored")).isEmpty)
        #expect(throws: WebSocketSendError.connectionClosing) { try machine.ping() }
    }

    @Test("A protocol error after our close frame closes without a second close frame")
    func errorWhileClosing() throws {
        var machine = WebSocketProtocolStateMachine()
        _ = try machine.close()
        let actions = machine.feed([0x81, 0x00])
        #expect(actions == [.closeConnection(.unmaskedClientFrame)])
    }
}
