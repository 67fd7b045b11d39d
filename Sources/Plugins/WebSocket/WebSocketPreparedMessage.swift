/// A data message framed once, to send on any number of sockets.
///
/// A server's frames are not masked, so every socket sends the same bytes: preparing a message encodes and
/// frames it once, and each ``WebSocket/send(_:)-(WebSocketPreparedMessage)`` queues those bytes without
/// copying them. Use it to fan one large message out (``WebSocketHub`` broadcasts this way); a message for one
/// socket gains nothing over ``WebSocket/send(text:)``.
///
/// ```swift
/// let update = WebSocketPreparedMessage(text: hugeJSON)   // framed here, once
/// for socket in subscribers { try? await socket.send(update) }
/// ```
public struct WebSocketPreparedMessage: Sendable {
    /// The whole frame: header, then payload.
    let frame: [UInt8]
    /// The message's kind (text or binary).
    let opcode: WebSocketOpcode
    /// Where the payload starts in ``frame``.
    let payloadStart: Int

    /// Frames a text message.
    public init(text: String) {
        self.init(opcode: .text, payload: text.utf8)
    }

    /// Frames a binary message.
    public init(binary: [UInt8]) {
        self.init(opcode: .binary, payload: binary)
    }

    /// Frames a message of `opcode` (a text payload must be UTF-8).
    init(opcode: WebSocketOpcode, payload: some Collection<UInt8>) {
        var bytes: [UInt8] = []
        WebSocketFrameEncoder.encode(opcode: opcode, payload: payload, maskingKey: nil, into: &bytes)
        frame = bytes
        self.opcode = opcode
        payloadStart = bytes.count - payload.count
    }

    /// The payload: the message as a receiver gets it (UTF-8 for text).
    public var payload: ArraySlice<UInt8> { frame[payloadStart...] }
}

extension WebSocket {
    /// Sends a prepared message: its frame is queued as it is, with no copy (a client-role socket, whose frames
    /// must be masked, frames the payload again).
    public func send(_ prepared: WebSocketPreparedMessage) async throws {
        try await enqueue { machine throws(WebSocketSendError) in
            guard machine.state == .open else { throw .connectionClosing }
            guard machine.configuration.role == .server else {
                return machine.encodeFrame(opcode: prepared.opcode, payload: prepared.payload)
            }
            return prepared.frame
        }
    }
}
