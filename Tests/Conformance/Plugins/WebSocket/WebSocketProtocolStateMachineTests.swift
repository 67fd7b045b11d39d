import Testing

@testable import Plugins

/// Server-role protocol state machine: messages, control frames, closing handshake.
@Suite("WebSocket protocol state machine")
struct WebSocketProtocolStateMachineTests {
    @Test("A masked text frame becomes a text event")
    func textMessage() {
        #expect(serverActions(clientText("Hello")) == [.event(.text("Hello"))])
    }

    @Test("A fragmented text message is assembled from text + continuation frames")
    func fragmentedText() {
        let bytes = clientText("Hel", fin: false) + clientFrame(.continuation, Array("lo".utf8), fin: false)
            + clientFrame(.continuation, Array(", world".utf8))
        #expect(serverActions(bytes) == [.event(.text("Hello, world"))])
    }

    @Test("Binary and empty messages are delivered")
    func binaryAndEmpty() {
        let bytes = clientFrame(.binary, [0, 1, 2, 255]) + clientFrame(.text, []) + clientFrame(.binary, [])
        #expect(serverActions(bytes) == [.event(.binary([0, 1, 2, 255])), .event(.text("")), .event(.binary([]))])
    }

    @Test("Ping yields a ping event and an unmasked pong with the same payload")
    func pingAutoPong() {
        let actions = serverActions(clientFrame(.ping, Array("hb".utf8)))
        #expect(actions == [.event(.ping(Array("hb".utf8))), .write([0x8A, 0x02, 0x68, 0x62])])
    }

    @Test("autoPong off: ping event only")
    func pingWithoutAutoPong() {
        let actions = serverActions(clientFrame(.ping, [1]), configuration: .init(autoPong: false))
        #expect(actions == [.event(.ping([1]))])
    }

    @Test("Pong yields a pong event and nothing to write")
    func pongEvent() {
        #expect(serverActions(clientFrame(.pong, [9, 8])) == [.event(.pong([9, 8]))])
    }

    @Test("Ping may interleave a fragmented message")
    func pingInterleaved() {
        let bytes = clientText("fragment ", fin: false) + clientFrame(.ping, [7])
            + clientFrame(.continuation, Array("done".utf8))
        #expect(serverActions(bytes) == [
            .event(.ping([7])), .write(serverFrame(.pong, [7])), .event(.text("fragment done")),
        ])
    }

    @Test("Close with a code is echoed, then the connection closes cleanly")
    func closeEcho() {
        let reason = Array("bye".utf8)
        let actions = serverActions(clientFrame(.close, closePayload(1001, reason)))
        #expect(actions == [
            .event(.close(code: .goingAway, reason: "bye")),
            .write(serverFrame(.close, closePayload(1001))),
            .closeConnection(nil),
        ])
    }

    @Test("Close without payload is answered with 1000")
    func closeEmpty() {
        #expect(serverActions(clientFrame(.close, [])) == [
            .event(.close(code: nil, reason: "")),
            .write([0x88, 0x02, 0x03, 0xE8]),
            .closeConnection(nil),
        ])
    }

    @Test("Valid close codes are echoed", arguments: [1000, 1003, 1007, 1011, 1012, 3000, 4999] as [UInt16])
    func validCloseCodes(code: UInt16) {
        let actions = serverActions(clientFrame(.close, closePayload(code)))
        #expect(writtenCloseCode(in: actions) == code)
        #expect(failure(of: actions) == nil)
    }

    @Test("Bytes after the peer's close are ignored")
    func inputAfterClose() {
        var machine = WebSocketProtocolStateMachine()
        _ = machine.feed(clientFrame(.close, closePayload(1000)))
        #expect(machine.state == .closed)
        #expect(machine.feed(clientText("late")).isEmpty)
        #expect(throws: WebSocketSendError.connectionClosing) { try machine.sendText("x") }
    }

    @Test("Server-initiated close: data ignored until the peer's close, which is not answered")
    func serverInitiatedClose() throws {
        var machine = WebSocketProtocolStateMachine()
        _ = machine.feed(clientText("part", fin: false))
        let closeBytes = try machine.close(code: .goingAway, reason: "restart")
        #expect(closeBytes == serverFrame(.close, closePayload(1001, Array("restart".utf8))))
        #expect(machine.state == .closeSent)
        let ignored = machine.feed(
            clientFrame(.continuation, Array("rest".utf8)) + clientText("new") + clientFrame(.ping, [1]))
        #expect(ignored.isEmpty)
        #expect(throws: WebSocketSendError.connectionClosing) { try machine.sendBinary([1]) }
        let final = machine.feed(clientFrame(.close, closePayload(1001)))
        #expect(final == [.event(.close(code: .goingAway, reason: "")), .closeConnection(nil)])
        #expect(machine.state == .closed)
    }

    @Test("Outgoing frames are unmasked, final and correctly typed")
    func outgoingFrames() throws {
        var machine = WebSocketProtocolStateMachine()
        #expect(try machine.sendText("Hello") == [0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f])
        #expect(try machine.sendBinary([1, 2]) == [0x82, 0x02, 1, 2])
        #expect(try machine.ping(Array("Hello".utf8)) == [0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f])
        #expect(try machine.pong([]) == [0x8A, 0x00])
        #expect(throws: WebSocketSendError.controlPayloadTooLong) { try machine.ping([UInt8](repeating: 0, count: 126)) }
        #expect(throws: WebSocketSendError.invalidCloseCode) { try machine.close(code: .noStatusReceived) }
        #expect(throws: WebSocketSendError.closeReasonTooLong) {
            try machine.close(code: .normal, reason: String(repeating: "x", count: 124))
        }
        #expect(machine.state == .open)
        #expect(try machine.close(code: .normal, reason: String(repeating: "x", count: 123)).count == 2 + 125)
    }

    @Test("Client role masks outgoing frames and the server side decodes them")
    func clientRoleMasks() throws {
        let client = WebSocketProtocolStateMachine(configuration: .init(role: .client))
        let bytes = try client.sendText("masked")
        #expect(bytes[1] & 0x80 != 0)
        #expect(serverActions(bytes) == [.event(.text("masked"))])
    }

    @Test("Events before a bad frame are delivered first, and a reply sent then still goes out")
    func orderingBeforeFailure() throws {
        var machine = WebSocketProtocolStateMachine()
        machine.append(clientText("first") + clientFrame(.text, [0x41], rsv2: true))
        #expect(machine.nextAction() == .event(.text("first")))
        #expect(try machine.sendText("first") == serverFrame(.text, Array("first".utf8)))
        #expect(machine.nextAction() == .write(serverFrame(.close, closePayload(1002))))
        #expect(machine.nextAction() == .closeConnection(.reservedBitsSet))
        #expect(machine.nextAction() == nil)
    }

    @Test("Same actions at every split point of a full session")
    func everySplitPoint() {
        let stream = clientText("κόσμε", fin: false) + clientFrame(.ping, Array("p".utf8))
            + clientFrame(.continuation, Array(" 😀".utf8)) + clientFrame(.binary, [UInt8](repeating: 3, count: 200))
            + clientFrame(.pong, []) + clientFrame(.close, closePayload(1000, Array("done".utf8)))
        let whole = serverActions(stream)
        #expect(whole.count == 8)  // ping + pong write, text, binary, pong, close + echo + closeConnection
        for split in 0...stream.count {
            #expect(serverActions(stream, splitAt: split) == whole, "split at \(split)")
        }
    }

    @Test("Same failure at every split point of a stream with invalid UTF-8")
    func everySplitPointFailure() {
        let stream = clientText("ok") + clientText("κό", fin: false)
            + clientFrame(.continuation, [0xCF, 0x83, 0xED, 0xA0, 0x80, 0x41])
        let whole = serverActions(stream)
        #expect(whole == [
            .event(.text("ok")), .write(serverFrame(.close, closePayload(1007))),
            .closeConnection(.invalidUTF8Text),
        ])
        for split in 0...stream.count {
            #expect(serverActions(stream, splitAt: split) == whole, "split at \(split)")
        }
    }
}
