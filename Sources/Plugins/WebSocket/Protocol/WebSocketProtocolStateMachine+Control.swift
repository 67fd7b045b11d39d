extension WebSocketProtocolStateMachine {
    /// Handles a complete ping, pong or close frame.
    mutating func handleControl(
        _ opcode: WebSocketOpcode, payload: [UInt8]
    ) throws(WebSocketProtocolError) {
        switch opcode {
        case .ping:
            guard state == .open else { return }
            enqueue(.event(.ping(payload)))
            if configuration.autoPong {
                enqueue(.write(encodeFrame(opcode: .pong, payload: payload)))
            }
        case .pong:
            guard state == .open else { return }
            enqueue(.event(.pong(payload)))
        case .close:
            let (code, reason) = try Self.parseClosePayload(payload)
            enqueue(.event(.close(code: code, reason: reason)))
            if state == .open {
                // Echo the peer's code (1000 when it sent none), then close (§5.5.1).
                enqueue(.write(closeFrame(code: code ?? .normal, reason: [])))
            }
            enterClosed()
            enqueue(.closeConnection(nil))
        default:
            break  // the decoder rejects reserved opcodes
        }
    }

    /// Splits a close payload into code and reason, validating both (§5.5.1, §7.4).
    static func parseClosePayload(
        _ payload: [UInt8]
    ) throws(WebSocketProtocolError) -> (WebSocketCloseCode?, String) {
        guard !payload.isEmpty else { return (nil, "") }
        guard payload.count >= 2 else { throw .closePayloadTooShort }
        let code = WebSocketCloseCode(rawValue: UInt16(payload[0]) << 8 | UInt16(payload[1]))
        guard code.isValidOnWire else { throw .invalidCloseCode }
        let reason = payload[2...]
        guard UTF8Validator.isValid(reason) else { throw .invalidUTF8CloseReason }
        return (code, String(decoding: reason, as: UTF8.self))
    }

    /// Bytes of a close frame carrying `code` and `reason`.
    func closeFrame(code: WebSocketCloseCode, reason: some Collection<UInt8>) -> [UInt8] {
        var payload: [UInt8] = [UInt8(code.rawValue >> 8), UInt8(code.rawValue & 0xFF)]
        payload.append(contentsOf: reason)
        return encodeFrame(opcode: .close, payload: payload)
    }

    /// Encodes one final frame, masked with a fresh random key in the client role.
    func encodeFrame(opcode: WebSocketOpcode, payload: some Collection<UInt8>) -> [UInt8] {
        let key: WebSocketMaskingKey? = configuration.role == .client ? .random() : nil
        var bytes: [UInt8] = []
        WebSocketFrameEncoder.encode(opcode: opcode, payload: payload, maskingKey: key, into: &bytes)
        return bytes
    }
}
