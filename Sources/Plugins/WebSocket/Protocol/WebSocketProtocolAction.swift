/// Something the peer did, surfaced to the application by the protocol state machine.
public enum WebSocketEvent: Hashable, Sendable {
    /// A complete text message (already validated as UTF-8).
    case text(String)
    /// A complete binary message.
    case binary([UInt8])
    /// A ping with its payload; the pong is produced automatically unless disabled.
    case ping([UInt8])
    /// A pong with its payload (e.g. a reply to our ping, or a heartbeat).
    case pong([UInt8])
    /// The peer's close frame: `code` is `nil` when the frame had no payload.
    case close(code: WebSocketCloseCode?, reason: String)
}

/// One step for the transport to carry out, in order.
///
/// ```swift
/// session.append(bytesFromSocket)
/// while let action = session.nextAction() {
///     switch action {
///     case .event(let event): handler(event)          // may call session.sendText(…)
///     case .write(let bytes): socket.write(bytes)
///     case .closeConnection(let error): socket.close(); log(error)
///     }
/// }
/// ```
public enum WebSocketProtocolAction: Hashable, Sendable {
    /// Deliver an event to the application.
    case event(WebSocketEvent)
    /// Write these bytes (a pong, or a close frame) to the peer.
    case write([UInt8])
    /// Close the TCP connection after the preceding writes. `error` is the
    /// protocol violation that failed the connection, or `nil` for a clean close.
    case closeConnection(WebSocketProtocolError?)
}

/// Lifecycle of a WebSocket connection as the state machine sees it (RFC 6455 §7).
public enum WebSocketConnectionState: Hashable, Sendable {
    /// Messages flow both ways.
    case open
    /// We sent a close frame and wait for the peer's; incoming data is ignored.
    case closeSent
    /// The closing handshake finished or the connection was failed; nothing more happens.
    case closed
}
