/// Outcome of validating a WebSocket opening handshake.
public enum WebSocketHandshakeResult: Sendable {
    /// Answer `101 Switching Protocols` with `headers`; `subprotocol` is the one selected, if any.
    case accepted(headers: [(name: String, value: String)], subprotocol: String?)
    /// Answer with `status`; `reason` is a short body text, `headers` must be added (may be empty).
    case rejected(status: Int, reason: String, headers: [(name: String, value: String)])
}

/// Server side of the RFC 6455 §4.2 opening handshake: validates the upgrade
/// request, computes `Sec-WebSocket-Accept` and negotiates a subprotocol.
///
/// ```swift
/// let handshake = WebSocketHandshake(supportedSubprotocols: ["graphql-ws"])
/// switch handshake.evaluate(method: "GET", httpVersion: "HTTP/1.1", headers: request.headers) {
/// case .accepted(let headers, let subprotocol): // write 101 with headers
/// case .rejected(let status, let reason, let headers): // write the error response
/// }
/// ```
///
/// Checks, in order: method `GET` (else 405 with `Allow: GET`), HTTP/1.1 or a
/// later 1.x (else 400), `Upgrade` listing `websocket` (400), `Connection`
/// listing `upgrade` (400), `Sec-WebSocket-Version: 13` (else 426 with
/// `Sec-WebSocket-Version: 13`), one `Sec-WebSocket-Key` that is Base64 of 16
/// bytes (400), and a well-formed `Sec-WebSocket-Protocol` list (400).
/// Extensions are never negotiated; `Sec-WebSocket-Extensions` is ignored.
public struct WebSocketHandshake: Sendable {
    /// The GUID appended to the key before hashing (RFC 6455 §1.3).
    public static let acceptGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
    /// The only protocol version this implementation speaks.
    public static let supportedVersion = "13"

    /// Subprotocols the server speaks, most preferred first.
    public var supportedSubprotocols: [String]
    /// Custom choice among the client's offered subprotocols (in client order).
    /// A return value the client did not offer is treated as no subprotocol.
    public var selectSubprotocol: (@Sendable (_ offered: [String]) -> String?)?

    /// Creates a handshake validator.
    /// - Parameters:
    ///   - supportedSubprotocols: server preference order, used when `selectSubprotocol` is `nil`.
    ///   - selectSubprotocol: optional custom selection, given the offered list.
    public init(
        supportedSubprotocols: [String] = [],
        selectSubprotocol: (@Sendable (_ offered: [String]) -> String?)? = nil
    ) {
        self.supportedSubprotocols = supportedSubprotocols
        self.selectSubprotocol = selectSubprotocol
    }

    /// The `Sec-WebSocket-Accept` value for a client key: Base64(SHA-1(key + GUID)).
    public static func acceptValue(forKey key: String) -> String {
        Base64.encode(SHA1.hash(Array((key + acceptGUID).utf8)))
    }

    /// Validates an upgrade request and returns the response to send.
    /// - Parameters:
    ///   - method: the request method, e.g. `GET` (case-sensitive, as in HTTP).
    ///   - httpVersion: `HTTP/1.1` (a bare `1.1` is accepted too).
    ///   - headers: request header fields in arrival order; names are matched case-insensitively.
    public func evaluate(
        method: String, httpVersion: String, headers: [(name: String, value: String)]
    ) -> WebSocketHandshakeResult {
        guard method == "GET" else {
            return .rejected(status: 405, reason: "Invalid HTTP method", headers: [("Allow", "GET")])
        }
        guard Self.isHTTP11OrLater(httpVersion) else {
            return .rejected(status: 400, reason: "Invalid HTTP version", headers: [])
        }
        let fields = WebSocketHeaderFields(headers)
        guard fields.listTokens("upgrade").contains(where: { $0.lowercased() == "websocket" }) else {
            return .rejected(status: 400, reason: "Invalid Upgrade header", headers: [])
        }
        guard fields.listTokens("connection").contains(where: { $0.lowercased() == "upgrade" }) else {
            return .rejected(status: 400, reason: "Invalid Connection header", headers: [])
        }
        let versions = fields.values("sec-websocket-version").map(WebSocketHeaderFields.trimmed)
        guard versions == [Self.supportedVersion] else {
            return .rejected(
                status: 426, reason: "Missing or invalid Sec-WebSocket-Version header",
                headers: [("Sec-WebSocket-Version", Self.supportedVersion)])
        }
        let keys = fields.values("sec-websocket-key").map(WebSocketHeaderFields.trimmed)
        guard keys.count == 1, let key = keys.first, Self.isValidKey(key) else {
            return .rejected(
                status: 400, reason: "Missing or invalid Sec-WebSocket-Key header", headers: [])
        }
        guard let offered = fields.subprotocols() else {
            return .rejected(
                status: 400, reason: "Invalid Sec-WebSocket-Protocol header", headers: [])
        }

        var responseHeaders: [(name: String, value: String)] = [
            ("Upgrade", "websocket"),
            ("Connection", "Upgrade"),
            ("Sec-WebSocket-Accept", Self.acceptValue(forKey: key)),
        ]
        let subprotocol = chooseSubprotocol(offered: offered)
        if let subprotocol {
            responseHeaders.append(("Sec-WebSocket-Protocol", subprotocol))
        }
        return .accepted(headers: responseHeaders, subprotocol: subprotocol)
    }

    /// Picks the subprotocol to confirm, or `nil` for none.
    func chooseSubprotocol(offered: [String]) -> String? {
        guard !offered.isEmpty else { return nil }
        if let selectSubprotocol {
            guard let choice = selectSubprotocol(offered), offered.contains(choice) else {
                return nil
            }
            return choice
        }
        return supportedSubprotocols.first(where: offered.contains)
    }

    /// Whether a key is Base64 of exactly 16 bytes (24 characters ending in `==`).
    static func isValidKey(_ key: String) -> Bool {
        guard key.utf8.count == 24, let decoded = try? Base64.decode(key) else { return false }
        return decoded.count == 16
    }

    /// Accepts `HTTP/1.1` … `HTTP/1.9` (and the bare `1.x` form); rejects 1.0, 0.9 and 2+.
    static func isHTTP11OrLater(_ version: String) -> Bool {
        let number = version.hasPrefix("HTTP/") ? String(version.dropFirst(5)) : version
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == "1", let minor = Int(parts[1]) else { return false }
        return minor >= 1
    }
}
