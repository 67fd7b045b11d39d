/// One complete data message, received from or sent to a peer.
///
/// ```swift
/// for await message in socket.messages {
///     switch message {
///     case .text(let text): try await socket.send(text: text.uppercased())
///     case .binary(let bytes): try await socket.send(binary: bytes)
///     }
/// }
/// ```
public enum WebSocketMessage: Hashable, Sendable {
    /// A text message (validated UTF-8).
    case text(String)
    /// A binary message.
    case binary([UInt8])

    /// The text, for a text message.
    public var text: String? { if case .text(let text) = self { text } else { nil } }

    /// The payload bytes (UTF-8 for text).
    public var bytes: [UInt8] {
        switch self {
        case .text(let text): Array(text.utf8)
        case .binary(let bytes): bytes
        }
    }
}
