extension WebSocketProtocolStateMachine {
    /// Frame bytes for a text message. Valid only while ``state`` is `.open`.
    ///
    /// ```swift
    /// let bytes = try session.sendText("hello client")   // write to the socket
    /// ```
    /// - Throws: ``WebSocketSendError/connectionClosing`` once a close frame was sent or received.
    public func sendText(_ text: String) throws(WebSocketSendError) -> [UInt8] {
        try requireOpen()
        return encodeFrame(opcode: .text, payload: text.utf8)
    }

    /// Frame bytes for a binary message. Valid only while ``state`` is `.open`.
    /// - Throws: ``WebSocketSendError/connectionClosing`` once a close frame was sent or received.
    public func sendBinary(_ bytes: some Collection<UInt8>) throws(WebSocketSendError) -> [UInt8] {
        try requireOpen()
        return encodeFrame(opcode: .binary, payload: bytes)
    }

    /// Frame bytes for a ping (at most 125 payload bytes).
    /// - Throws: ``WebSocketSendError/controlPayloadTooLong`` or ``WebSocketSendError/connectionClosing``.
    public func ping(_ payload: some Collection<UInt8> = [UInt8]()) throws(WebSocketSendError) -> [UInt8] {
        try requireOpen()
        guard payload.count <= 125 else { throw .controlPayloadTooLong }
        return encodeFrame(opcode: .ping, payload: payload)
    }

    /// Frame bytes for an unsolicited pong (heartbeat) or a manual reply when `autoPong` is off.
    /// - Throws: ``WebSocketSendError/controlPayloadTooLong`` or ``WebSocketSendError/connectionClosing``.
    public func pong(_ payload: some Collection<UInt8> = [UInt8]()) throws(WebSocketSendError) -> [UInt8] {
        try requireOpen()
        guard payload.count <= 125 else { throw .controlPayloadTooLong }
        return encodeFrame(opcode: .pong, payload: payload)
    }

    /// Starts the closing handshake: returns the close frame and moves to
    /// `.closeSent`, after which incoming data frames are ignored until the
    /// peer's close frame arrives (then ``nextAction()`` yields `.closeConnection`).
    /// The transport should bound the wait with a timeout.
    ///
    /// - Parameters:
    ///   - code: must be valid on the wire (not 1005/1006/1015, not below 1000, …).
    ///   - reason: at most 123 UTF-8 bytes.
    /// - Throws: ``WebSocketSendError/invalidCloseCode``, ``WebSocketSendError/closeReasonTooLong``
    ///   or ``WebSocketSendError/connectionClosing``.
    public mutating func close(
        code: WebSocketCloseCode = .normal, reason: String = ""
    ) throws(WebSocketSendError) -> [UInt8] {
        try requireOpen()
        guard code.isValidOnWire else { throw .invalidCloseCode }
        guard reason.utf8.count <= 123 else { throw .closeReasonTooLong }
        enterCloseSent()
        return closeFrame(code: code, reason: reason.utf8)
    }

    private func requireOpen() throws(WebSocketSendError) {
        guard state == .open else { throw .connectionClosing }
    }
}
