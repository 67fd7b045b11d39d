@testable import Plugins

/// The masking key used in the RFC 6455 §5.7 examples.
let rfcMaskingKey = WebSocketMaskingKey(0x37, 0xfa, 0x21, 0x3d)

/// Bytes of one frame as a client would send it (masked with `key`).
func clientFrame(
    _ opcode: WebSocketOpcode, _ payload: [UInt8], fin: Bool = true,
    key: WebSocketMaskingKey = rfcMaskingKey, rsv1: Bool = false, rsv2: Bool = false,
    rsv3: Bool = false
) -> [UInt8] {
    WebSocketFrameEncoder.encode(
        WebSocketFrame(
            fin: fin, opcode: opcode, maskingKey: key, payload: payload,
            rsv1: rsv1, rsv2: rsv2, rsv3: rsv3))
}

/// Bytes of a masked client text frame.
func clientText(_ text: String, fin: Bool = true) -> [UInt8] {
    clientFrame(.text, Array(text.utf8), fin: fin)
}

/// Bytes of an unmasked frame as the server sends it.
func serverFrame(_ opcode: WebSocketOpcode, _ payload: [UInt8], fin: Bool = true) -> [UInt8] {
    WebSocketFrameEncoder.encode(WebSocketFrame(fin: fin, opcode: opcode, payload: payload))
}

/// A close payload: big-endian code followed by the reason bytes.
func closePayload(_ code: UInt16, _ reason: [UInt8] = []) -> [UInt8] {
    [UInt8(code >> 8), UInt8(code & 0xFF)] + reason
}

/// Feeds `bytes` to a fresh server state machine in one piece.
func serverActions(
    _ bytes: [UInt8],
    configuration: WebSocketProtocolStateMachine.Configuration = .init()
) -> [WebSocketProtocolAction] {
    var machine = WebSocketProtocolStateMachine(configuration: configuration)
    return machine.feed(bytes)
}

/// The actions a fresh server produces when `bytes` arrive split at `splitPoint`.
func serverActions(
    _ bytes: [UInt8], splitAt splitPoint: Int,
    configuration: WebSocketProtocolStateMachine.Configuration = .init()
) -> [WebSocketProtocolAction] {
    var machine = WebSocketProtocolStateMachine(configuration: configuration)
    return machine.feed(bytes[..<splitPoint]) + machine.feed(bytes[splitPoint...])
}

/// Decodes whole frames from `chunks` fed one after another.
func decodeFrames(
    _ chunks: [ArraySlice<UInt8>],
    configuration: WebSocketFrameDecoder.Configuration = .init()
) throws(WebSocketProtocolError) -> [WebSocketFrame] {
    var decoder = WebSocketFrameDecoder(configuration: configuration)
    var frames: [WebSocketFrame] = []
    for chunk in chunks {
        frames += try decoder.frames(appending: chunk)
    }
    frames += try decoder.frames(appending: [])  // surfaces a violation that followed whole frames
    return frames
}

/// The protocol error a server state machine fails with for `bytes`, if any.
func failure(of actions: [WebSocketProtocolAction]) -> WebSocketProtocolError? {
    for case .closeConnection(let error?) in actions {
        return error
    }
    return nil
}

/// The close code carried by the first close frame the server writes, if any.
func writtenCloseCode(in actions: [WebSocketProtocolAction]) -> UInt16? {
    for case .write(let bytes) in actions where bytes.first == 0x88 {
        guard bytes.count >= 4 else { return nil }
        return UInt16(bytes[2]) << 8 | UInt16(bytes[3])
    }
    return nil
}

/// Lowercase hex of `bytes`, e.g. `a999`.
func hex(_ bytes: [UInt8]) -> String {
    bytes.map { byte in
        let digits = String(byte, radix: 16)
        return byte < 0x10 ? "0" + digits : digits
    }.joined()
}
