import Kernel

/// Settings of ``WebSocketPlugin``, with safe defaults (1 MiB messages, origin checks on).
///
/// ```swift
/// var options = WebSocketOptions()
/// options.maxPayload = 64 * 1024
/// options.heartbeatInterval = .seconds(30)
/// options.allowedOrigins = .list(["https://app.example"])
/// try app.register(WebSocketPlugin(options))
/// ```
public struct WebSocketOptions: Sendable {
    /// Largest message (all fragments together), in bytes; a larger one closes the connection with 1009.
    /// `0` means no limit, as in ws.
    public var maxPayload = 1 << 20
    /// Which browser origins may open a socket; refused upgrades get 403.
    public var allowedOrigins: WebSocketOriginPolicy = .automatic
    /// Subprotocols the server speaks, most preferred first (`Sec-WebSocket-Protocol`).
    public var subprotocols: [String] = []
    /// Custom subprotocol choice among the client's offers; wins over ``subprotocols``.
    public var selectSubprotocol: (@Sendable (_ offered: [String]) -> String?)?
    /// When set, the server pings every interval and drops a peer that sent nothing since the last ping.
    public var heartbeatInterval: Duration?
    /// How long to wait for the peer's close frame (and end of stream) after ours before dropping it.
    public var closeTimeout: Duration = .seconds(5)
    /// How long a write may go without the peer taking a byte before the connection is dropped (the
    /// peer sees 1006) and the blocked sends throw ``WebSocketError/closed``. A peer that stopped reading
    /// holds at most one batch of frames this long. `nil`: no limit (only the heartbeat, when set, drops it).
    public var sendTimeout: Duration? = .seconds(30)
    /// Whether pings are answered automatically.
    public var autoPong = true
    /// Called when a socket handler throws, or the peer broke the protocol (after the close frame went out).
    ///
    /// By default a throwing handler closes the socket with 1011; protocol failures are only reported here.
    public var errorHandler: (@Sendable (_ error: any Error, _ socket: WebSocket) async -> Void)?

    /// The defaults.
    public init() {}
}

/// Which `Origin` values may open a WebSocket: browsers let any page open a socket to any host,
/// with the user's cookies (cross-site WebSocket hijacking), so the plugin checks `Origin` by default.
///
/// Requests without `Origin` (non-browser clients) are accepted by every policy except ``list(_:)``
/// with `allowMissing: false`; checking `Origin` protects browser users, it is not authentication.
public enum WebSocketOriginPolicy: Sendable {
    /// Same origin (the `Origin` authority equals `Host`), plus the origins the CORS plugin
    /// allows by name when CORS is registered for the route's scope. The default.
    case automatic
    /// Same origin only.
    case sameOrigin
    /// Same origin plus these exact origins, e.g. `https://app.example` (compared ASCII case-insensitively).
    case list([String], allowMissing: Bool = true)
    /// Any origin (no check).
    case any
    /// A closure decides; it gets the `Origin` header (or `nil`) and the request.
    case custom(@Sendable (_ origin: String?, _ request: Request) async -> Bool)
}
