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
