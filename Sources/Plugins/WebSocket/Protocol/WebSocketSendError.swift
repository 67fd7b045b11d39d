/// Why an outgoing frame could not be produced by the protocol state machine.
///
/// ```swift
/// do { bytes = try session.close(code: .normal) }
/// catch { if error == .connectionClosing { … } }
/// ```
public struct WebSocketSendError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Kind: Hashable, Sendable {
        case connectionClosing
        case controlPayloadTooLong
        case invalidCloseCode
        case closeReasonTooLong
    }

    private let kind: Kind

    private init(_ kind: Kind) {
        self.kind = kind
    }

    /// A close frame was already sent or received; only the closing handshake may continue.
    public static let connectionClosing = Self(.connectionClosing)
    /// A ping or pong payload over 125 bytes.
    public static let controlPayloadTooLong = Self(.controlPayloadTooLong)
    /// A close code that must not appear on the wire (e.g. 1005, 1006, 999).
    public static let invalidCloseCode = Self(.invalidCloseCode)
    /// A close reason over 123 UTF-8 bytes.
    public static let closeReasonTooLong = Self(.closeReasonTooLong)

    /// A short English explanation, for logs.
    public var description: String {
        switch kind {
        case .connectionClosing: "the connection is closing"
        case .controlPayloadTooLong: "control frame payload longer than 125 bytes"
        case .invalidCloseCode: "close code may not be sent"
        case .closeReasonTooLong: "close reason longer than 123 bytes"
        }
    }
}
