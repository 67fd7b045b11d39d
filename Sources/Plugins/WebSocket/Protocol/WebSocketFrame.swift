/// The fixed part of a WebSocket frame: flags, opcode, mask and length (RFC 6455 §5.2).
///
/// The decoder produces a header before any payload byte, so limits and
/// protocol rules can be enforced before the payload is buffered.
public struct WebSocketFrameHeader: Hashable, Sendable {
    /// FIN: this is the last frame of a message.
    public var fin: Bool
    /// RSV1 (used by permessage-deflate when negotiated).
    public var rsv1: Bool
    /// RSV2 (no extension defined).
    public var rsv2: Bool
    /// RSV3 (no extension defined).
    public var rsv3: Bool
    /// The frame's opcode.
    public var opcode: WebSocketOpcode
    /// The masking key, present exactly when the MASK bit is set.
    public var maskingKey: WebSocketMaskingKey?
    /// Payload length in bytes.
    public var payloadLength: Int

    /// Creates a header; the reserved bits default to clear.
    public init(
        fin: Bool, opcode: WebSocketOpcode, maskingKey: WebSocketMaskingKey? = nil,
        payloadLength: Int, rsv1: Bool = false, rsv2: Bool = false, rsv3: Bool = false
    ) {
        self.fin = fin
        self.rsv1 = rsv1
        self.rsv2 = rsv2
        self.rsv3 = rsv3
        self.opcode = opcode
        self.maskingKey = maskingKey
        self.payloadLength = payloadLength
    }

    /// The three reserved bits packed as they sit in the first byte (`0x70` mask).
    public var reservedBits: UInt8 {
        (rsv1 ? 0x40 : 0) | (rsv2 ? 0x20 : 0) | (rsv3 ? 0x10 : 0)
    }
}

/// One complete WebSocket frame with its payload in clear (unmasked) form.
///
/// ```swift
/// let frame = WebSocketFrame(fin: true, opcode: .text, payload: Array("Hello".utf8))
/// WebSocketFrameEncoder.encode(frame)   // [0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]
/// ```
public struct WebSocketFrame: Hashable, Sendable {
    /// FIN: this is the last frame of a message.
    public var fin: Bool
    /// RSV1 flag.
    public var rsv1: Bool
    /// RSV2 flag.
    public var rsv2: Bool
    /// RSV3 flag.
    public var rsv3: Bool
    /// The frame's opcode.
    public var opcode: WebSocketOpcode
    /// Masking key: for decoded frames the key that was on the wire; for
    /// frames to encode, the key to mask with (`nil` = unmasked, server side).
    public var maskingKey: WebSocketMaskingKey?
    /// The application payload, never masked.
    public var payload: [UInt8]

    /// Creates a frame; the reserved bits default to clear.
    public init(
        fin: Bool, opcode: WebSocketOpcode, maskingKey: WebSocketMaskingKey? = nil,
        payload: [UInt8], rsv1: Bool = false, rsv2: Bool = false, rsv3: Bool = false
    ) {
        self.fin = fin
        self.rsv1 = rsv1
        self.rsv2 = rsv2
        self.rsv3 = rsv3
        self.opcode = opcode
        self.maskingKey = maskingKey
        self.payload = payload
    }

    /// Creates a frame from a decoded header and its (unmasked) payload.
    init(header: WebSocketFrameHeader, payload: [UInt8]) {
        self.init(
            fin: header.fin, opcode: header.opcode, maskingKey: header.maskingKey,
            payload: payload, rsv1: header.rsv1, rsv2: header.rsv2, rsv3: header.rsv3)
    }

    /// The header this frame is encoded with.
    public var header: WebSocketFrameHeader {
        WebSocketFrameHeader(
            fin: fin, opcode: opcode, maskingKey: maskingKey, payloadLength: payload.count,
            rsv1: rsv1, rsv2: rsv2, rsv3: rsv3)
    }
}
