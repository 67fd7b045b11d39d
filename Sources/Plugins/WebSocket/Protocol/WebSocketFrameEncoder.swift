/// Serialises WebSocket frames to wire bytes (RFC 6455 §5.2).
///
/// Lengths use the shortest form (7-bit, 16-bit or 64-bit). A frame with a
/// ``WebSocketFrame/maskingKey`` is masked (client side); without one it is
/// written in clear, as a server must.
///
/// ```swift
/// let ping = WebSocketFrame(fin: true, opcode: .ping, payload: Array("Hello".utf8))
/// WebSocketFrameEncoder.encode(ping)   // [0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]
/// ```
public enum WebSocketFrameEncoder {
    /// Encodes one frame into a new byte array.
    public static func encode(_ frame: WebSocketFrame) -> [UInt8] {
        var bytes: [UInt8] = []
        encode(frame, into: &bytes)
        return bytes
    }

    /// Appends one encoded frame to `buffer`.
    public static func encode(_ frame: WebSocketFrame, into buffer: inout [UInt8]) {
        encode(
            fin: frame.fin, opcode: frame.opcode, payload: frame.payload,
            maskingKey: frame.maskingKey, reservedBits: frame.header.reservedBits, into: &buffer)
    }

    /// Appends a frame built from its parts to `buffer`, masking with `maskingKey` if given.
    public static func encode(
        fin: Bool = true, opcode: WebSocketOpcode, payload: some Collection<UInt8>,
        maskingKey: WebSocketMaskingKey? = nil, into buffer: inout [UInt8]
    ) {
        encode(
            fin: fin, opcode: opcode, payload: payload, maskingKey: maskingKey,
            reservedBits: 0, into: &buffer)
    }

    /// Appends only the header bytes (flags, length, masking key) to `buffer`.
    public static func encodeHeader(_ header: WebSocketFrameHeader, into buffer: inout [UInt8]) {
        buffer.append((header.fin ? 0x80 : 0) | header.reservedBits | header.opcode.rawValue)
        let maskBit: UInt8 = header.maskingKey == nil ? 0 : 0x80
        let length = header.payloadLength
        if length <= 125 {
            buffer.append(maskBit | UInt8(length))
        } else if length <= Int(UInt16.max) {
            buffer.append(maskBit | 126)
            buffer.append(UInt8(truncatingIfNeeded: length >> 8))
            buffer.append(UInt8(truncatingIfNeeded: length))
        } else {
            buffer.append(maskBit | 127)
            let wide = UInt64(length)
            for shift in stride(from: 56, through: 0, by: -8) {
                buffer.append(UInt8(truncatingIfNeeded: wide >> UInt64(shift)))
            }
        }
        if let key = header.maskingKey {
            buffer.append(contentsOf: [key.byte0, key.byte1, key.byte2, key.byte3])
        }
    }

    /// Size in bytes of a header for a payload of `payloadLength` bytes.
    public static func headerSize(payloadLength: Int, masked: Bool) -> Int {
        let lengthSize = payloadLength <= 125 ? 0 : (payloadLength <= Int(UInt16.max) ? 2 : 8)
        return 2 + lengthSize + (masked ? 4 : 0)
    }

    private static func encode(
        fin: Bool, opcode: WebSocketOpcode, payload: some Collection<UInt8>,
        maskingKey: WebSocketMaskingKey?, reservedBits: UInt8, into buffer: inout [UInt8]
    ) {
        let reserved = WebSocketReservedBits(rawValue: reservedBits)
        let header = WebSocketFrameHeader(
            fin: fin, opcode: opcode, maskingKey: maskingKey, payloadLength: payload.count,
            rsv1: reserved.contains(.rsv1), rsv2: reserved.contains(.rsv2),
            rsv3: reserved.contains(.rsv3))
        buffer.reserveCapacity(
            buffer.count + headerSize(payloadLength: payload.count, masked: maskingKey != nil)
                + payload.count)
        encodeHeader(header, into: &buffer)
        let payloadStart = buffer.count
        buffer.append(contentsOf: payload)
        maskingKey?.apply(to: &buffer, range: payloadStart..<buffer.count, payloadOffset: 0)
    }
}
