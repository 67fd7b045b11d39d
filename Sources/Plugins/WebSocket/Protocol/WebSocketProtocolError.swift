/// A violation of RFC 6455 by the peer; the connection must be failed with ``closeCode``.
///
/// Struct wrapping a private enum so new cases can be added without breaking
/// callers, who compare against the static members:
///
/// ```swift
/// if error == .unmaskedClientFrame { … }
/// error.closeCode   // .protocolError (1002)
/// ```
public struct WebSocketProtocolError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Kind: Hashable, Sendable {
        case unmaskedClientFrame
        case maskedServerFrame
        case reservedBitsSet
        case unknownOpcode
        case fragmentedControlFrame
        case controlFrameTooLong
        case invalidPayloadLength
        case frameTooLarge
        case messageTooLarge
        case unexpectedContinuation
        case expectedContinuation
        case invalidUTF8Text
        case closePayloadTooShort
        case invalidCloseCode
        case invalidUTF8CloseReason
    }

    private let kind: Kind

    private init(_ kind: Kind) {
        self.kind = kind
    }

    /// A client sent a frame without the MASK bit (§5.1).
    public static let unmaskedClientFrame = Self(.unmaskedClientFrame)
    /// A server sent a masked frame (§5.1).
    public static let maskedServerFrame = Self(.maskedServerFrame)
    /// RSV1/2/3 set without a negotiated extension that defines them (§5.2).
    public static let reservedBitsSet = Self(.reservedBitsSet)
    /// A reserved opcode (3–7, 0xB–0xF) was received (§5.2).
    public static let unknownOpcode = Self(.unknownOpcode)
    /// A control frame without FIN (§5.5).
    public static let fragmentedControlFrame = Self(.fragmentedControlFrame)
    /// A control frame with a payload over 125 bytes (§5.5).
    public static let controlFrameTooLong = Self(.controlFrameTooLong)
    /// A 64-bit payload length with its most significant bit set (§5.2).
    public static let invalidPayloadLength = Self(.invalidPayloadLength)
    /// A single frame larger than the configured maximum.
    public static let frameTooLarge = Self(.frameTooLarge)
    /// An assembled message larger than the configured maximum.
    public static let messageTooLarge = Self(.messageTooLarge)
    /// A continuation frame arrived with no fragmented message in progress (§5.4).
    public static let unexpectedContinuation = Self(.unexpectedContinuation)
    /// A new text/binary frame arrived while a fragmented message was in progress (§5.4).
    public static let expectedContinuation = Self(.expectedContinuation)
    /// A text message is not valid UTF-8 (§8.1).
    public static let invalidUTF8Text = Self(.invalidUTF8Text)
    /// A close frame with a 1-byte payload (§5.5.1).
    public static let closePayloadTooShort = Self(.closePayloadTooShort)
    /// A close frame with a code that may not be sent (§7.4).
    public static let invalidCloseCode = Self(.invalidCloseCode)
    /// A close frame whose reason is not valid UTF-8 (§5.5.1).
    public static let invalidUTF8CloseReason = Self(.invalidUTF8CloseReason)

    /// The close code to fail the connection with.
    public var closeCode: WebSocketCloseCode {
        switch kind {
        case .invalidUTF8Text, .invalidUTF8CloseReason: .invalidPayload
        case .frameTooLarge, .messageTooLarge: .messageTooBig
        default: .protocolError
        }
    }

    /// A short English explanation, for logs.
    public var description: String {
        switch kind {
        case .unmaskedClientFrame: "client frame is not masked"
        case .maskedServerFrame: "server frame is masked"
        case .reservedBitsSet: "reserved bits set without a negotiated extension"
        case .unknownOpcode: "reserved opcode"
        case .fragmentedControlFrame: "control frame without FIN"
        case .controlFrameTooLong: "control frame payload longer than 125 bytes"
        case .invalidPayloadLength: "64-bit payload length with the most significant bit set"
        case .frameTooLarge: "frame exceeds the maximum frame size"
        case .messageTooLarge: "message exceeds the maximum message size"
        case .unexpectedContinuation: "continuation frame without a message in progress"
        case .expectedContinuation: "new data frame while a fragmented message is in progress"
        case .invalidUTF8Text: "text message is not valid UTF-8"
        case .closePayloadTooShort: "close frame payload of one byte"
        case .invalidCloseCode: "invalid close code"
        case .invalidUTF8CloseReason: "close reason is not valid UTF-8"
        }
    }
}
