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

/// How a WebSocket connection ended, as ``WebSocket/closed()`` and ``WebSocket/onClose(_:)`` report it.
public struct WebSocketCloseInfo: Hashable, Sendable, CustomStringConvertible {
    /// The code: the peer's close code (1005 when its close frame had none), the code we failed the
    /// connection with (1002, 1007, 1009), or 1006 when the connection was lost without a close frame.
    public let code: WebSocketCloseCode
    /// The peer's close reason, if it sent one.
    public let reason: String
    /// Whether both close frames were exchanged.
    public let wasClean: Bool

    /// Creates a close report.
    public init(code: WebSocketCloseCode, reason: String = "", wasClean: Bool) {
        self.code = code
        self.reason = reason
        self.wasClean = wasClean
    }

    /// E.g. `1000 (normal) clean`.
    public var description: String {
        "\(code)\(reason.isEmpty ? "" : " \"\(reason)\"") \(wasClean ? "clean" : "unclean")"
    }
}

/// Why a WebSocket operation failed.
///
/// ```swift
/// do { try await socket.send(text: "late") } catch let error as WebSocketError where error == .closed { }
/// ```
public struct WebSocketError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Kind: Hashable, Sendable {
        case closed
        case invalidCloseCode
        case closeReasonTooLong
        case controlPayloadTooLong
        case encoding(String)
        case unexpectedResponse(Int)
        case invalidHandshake(String)
        case pluginNotRegistered
    }

    private let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    /// The connection is closing or closed: nothing more can be sent.
    public static let closed = Self(.closed)
    /// A close code that may not be sent (1005, 1006, 999, …).
    public static let invalidCloseCode = Self(.invalidCloseCode)
    /// A close reason over 123 UTF-8 bytes.
    public static let closeReasonTooLong = Self(.closeReasonTooLong)
    /// A ping payload over 125 bytes.
    public static let controlPayloadTooLong = Self(.controlPayloadTooLong)
    /// `send(json:)` could not encode the value.
    public static func encoding(_ message: String) -> Self { Self(.encoding(message)) }
    /// The server answered the upgrade with this HTTP status instead of `101` (test client).
    public static func unexpectedResponse(_ status: Int) -> Self { Self(.unexpectedResponse(status)) }
    /// The server's `101` was not a valid WebSocket handshake (test client).
    public static func invalidHandshake(_ reason: String) -> Self { Self(.invalidHandshake(reason)) }

    /// ``Scope/webSocket(_:options:config:hooks:http:_:)`` was called where no ``WebSocketPlugin`` is registered.
    public static let pluginNotRegistered = Self(.pluginNotRegistered)

    /// Maps a state machine refusal.
    init(sendError error: WebSocketSendError) {
        let mapped: Kind =
            if error == WebSocketSendError.invalidCloseCode { .invalidCloseCode }
            else if error == WebSocketSendError.closeReasonTooLong { .closeReasonTooLong }
            else if error == WebSocketSendError.controlPayloadTooLong { .controlPayloadTooLong }
            else { .closed }
        self.init(mapped)
    }

    /// A short English explanation, e.g. `Unexpected server response: 401`.
    public var description: String {
        switch kind {
        case .closed: "the WebSocket is closed"
        case .invalidCloseCode: "close code may not be sent"
        case .closeReasonTooLong: "close reason longer than 123 bytes"
        case .controlPayloadTooLong: "ping payload longer than 125 bytes"
        case .encoding(let message): "JSON encoding failed: \(message)"
        case .unexpectedResponse(let status): "Unexpected server response: \(status)"
        case .invalidHandshake(let reason): "Invalid handshake: \(reason)"
        case .pluginNotRegistered: "websocket plugin is not registered: register WebSocketPlugin before declaring WebSocket routes"
        }
    }
}
