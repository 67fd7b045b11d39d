/// The 4-bit opcode of a WebSocket frame (RFC 6455 §5.2).
///
/// A struct with static members rather than an enum, so that the reserved
/// values a peer may put on the wire (3–7, 0xB–0xF) stay representable and
/// can be rejected by the decoder with a protocol error.
///
/// ```swift
/// let opcode = WebSocketOpcode.text
/// opcode.isControl   // false
/// ```
public struct WebSocketOpcode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The opcode value, always in `0...15`.
    public let rawValue: UInt8

    /// Creates an opcode from its 4-bit wire value; returns `nil` above 15.
    public init?(rawValue: UInt8) {
        guard rawValue <= 0x0F else { return nil }
        self.rawValue = rawValue
    }

    /// Creates an opcode from the low four bits of `byte`.
    init(lowNibbleOf byte: UInt8) {
        self.rawValue = byte & 0x0F
    }

    private init(uncheckedValue: UInt8) {
        self.rawValue = uncheckedValue
    }

    /// `0x0`: continues a fragmented text or binary message.
    public static let continuation = WebSocketOpcode(uncheckedValue: 0x0)
    /// `0x1`: first (or only) frame of a UTF-8 text message.
    public static let text = WebSocketOpcode(uncheckedValue: 0x1)
    /// `0x2`: first (or only) frame of a binary message.
    public static let binary = WebSocketOpcode(uncheckedValue: 0x2)
    /// `0x8`: close control frame.
    public static let close = WebSocketOpcode(uncheckedValue: 0x8)
    /// `0x9`: ping control frame.
    public static let ping = WebSocketOpcode(uncheckedValue: 0x9)
    /// `0xA`: pong control frame.
    public static let pong = WebSocketOpcode(uncheckedValue: 0xA)

    /// Whether this is a control opcode (high bit of the nibble set: 0x8–0xF).
    public var isControl: Bool { rawValue & 0x08 != 0 }

    /// Whether RFC 6455 defines this opcode; every other value is reserved.
    public var isDefined: Bool {
        switch rawValue {
        case 0x0, 0x1, 0x2, 0x8, 0x9, 0xA: true
        default: false
        }
    }

    /// A readable name, e.g. `text` or `reserved(0x3)`.
    public var description: String {
        switch rawValue {
        case 0x0: "continuation"
        case 0x1: "text"
        case 0x2: "binary"
        case 0x8: "close"
        case 0x9: "ping"
        case 0xA: "pong"
        default: "reserved(0x\(String(rawValue, radix: 16, uppercase: true)))"
        }
    }
}
