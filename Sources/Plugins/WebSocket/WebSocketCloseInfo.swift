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
