/// A WebSocket close status code (RFC 6455 §7.4, IANA registry).
///
/// Extensible struct: any 16-bit value can be represented, and
/// ``isValidOnWire`` tells whether a peer may legally send it.
///
/// ```swift
/// let code = WebSocketCloseCode.protocolError   // 1002
/// WebSocketCloseCode(rawValue: 1005).isValidOnWire   // false
/// ```
public struct WebSocketCloseCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The numeric status code.
    public let rawValue: UInt16

    /// Wraps a numeric status code; no validation is done here.
    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// 1000: the purpose of the connection has been fulfilled.
    public static let normal = WebSocketCloseCode(rawValue: 1000)
    /// 1001: the endpoint is going away (server shutdown, page navigation).
    public static let goingAway = WebSocketCloseCode(rawValue: 1001)
    /// 1002: the peer violated the protocol.
    public static let protocolError = WebSocketCloseCode(rawValue: 1002)
    /// 1003: the endpoint cannot accept this data type.
    public static let unsupportedData = WebSocketCloseCode(rawValue: 1003)
    /// 1005: reserved; reports that a close frame carried no code. Never sent.
    public static let noStatusReceived = WebSocketCloseCode(rawValue: 1005)
    /// 1006: reserved; reports a connection lost without a close frame. Never sent.
    public static let abnormalClosure = WebSocketCloseCode(rawValue: 1006)
    /// 1007: message data inconsistent with its type (e.g. invalid UTF-8 text).
    public static let invalidPayload = WebSocketCloseCode(rawValue: 1007)
    /// 1008: a message violated the endpoint's policy.
    public static let policyViolation = WebSocketCloseCode(rawValue: 1008)
    /// 1009: a message or frame was too big to process.
    public static let messageTooBig = WebSocketCloseCode(rawValue: 1009)
    /// 1010: (client) the server did not negotiate a required extension.
    public static let mandatoryExtension = WebSocketCloseCode(rawValue: 1010)
    /// 1011: the server hit an unexpected condition.
    public static let internalError = WebSocketCloseCode(rawValue: 1011)

    /// Whether this code may appear in a close frame on the wire.
    ///
    /// Valid: 1000–1003, 1007–1014 (RFC 6455 plus the IANA-registered 1012–1014),
    /// and 3000–4999 (registered libraries / private use). Invalid: below 1000,
    /// 1004–1006 (reserved / never sent), 1015 (TLS failure, never sent) and
    /// 1016–2999 (reserved for future RFCs), and 5000 and above.
    public var isValidOnWire: Bool {
        switch rawValue {
        case 1000...1003, 1007...1014, 3000...4999: true
        default: false
        }
    }

    /// The number, with its registered name when known, e.g. `1002 (protocolError)`.
    public var description: String {
        let name: String? = switch rawValue {
        case 1000: "normal"
        case 1001: "goingAway"
        case 1002: "protocolError"
        case 1003: "unsupportedData"
        case 1005: "noStatusReceived"
        case 1006: "abnormalClosure"
        case 1007: "invalidPayload"
        case 1008: "policyViolation"
        case 1009: "messageTooBig"
        case 1010: "mandatoryExtension"
        case 1011: "internalError"
        default: nil
        }
        guard let name else { return String(rawValue) }
        return "\(rawValue) (\(name))"
    }
}
