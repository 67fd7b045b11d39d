/// Incremental, sans-I/O decoder of WebSocket frames (RFC 6455 §5.2).
///
/// Bytes are appended as they arrive; ``nextPart()`` then yields a frame as a
/// header, zero or more unmasked payload chunks and an end marker. Payload is
/// streamed, so a consumer can validate text (fail-fast UTF-8) and enforce
/// message limits before a frame is complete. Frame-level rules are checked as
/// soon as the header bytes are present: masking per role, reserved bits,
/// reserved opcodes, control frame FIN and length, the 64-bit length MSB, and
/// the size limit for data frames. Errors are sticky.
///
/// ```swift
/// var decoder = WebSocketFrameDecoder()
/// decoder.append(bytesFromSocket)
/// while let part = try decoder.nextPart() {
///     switch part {
///     case .header(let header): …
///     case .payload(let chunk): …
///     case .end: …
///     }
/// }
/// ```
///
/// Lengths that are not minimally encoded (e.g. 5 in the 16-bit form) are
/// accepted, as most implementations do.
public struct WebSocketFrameDecoder: Sendable {
    /// One piece of a decoded frame.
    public enum Part: Hashable, Sendable {
        /// The frame header; its payload follows as `payload` parts.
        case header(WebSocketFrameHeader)
        /// A chunk of the frame's payload, already unmasked (never empty).
        case payload([UInt8])
        /// The frame is complete.
        case end
    }

    private enum State: Sendable {
        case awaitingHeader
        case readingPayload(WebSocketFrameHeader, consumed: Int)
        case failed(WebSocketProtocolError)
    }

    /// The rules and limits in force.
    public let configuration: Configuration
    private var buffer: [UInt8] = []
    private var readIndex = 0
    private var state: State = .awaitingHeader
    /// Frame being assembled by ``nextFrame()``.
    var partialFrame: (header: WebSocketFrameHeader, payload: [UInt8])?

    /// Creates a decoder with the given rules (server role, 1 MiB frames by default).
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Number of received bytes not yet turned into parts.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// The opcode of the next frame when the decoder is between frames and its first byte is
    /// buffered; `nil` otherwise.
    var nextFrameOpcode: WebSocketOpcode? {
        guard case .awaitingHeader = state, bufferedByteCount > 0 else { return nil }
        return WebSocketOpcode(lowNibbleOf: buffer[readIndex])
    }

    /// Appends received bytes; call ``nextPart()`` afterwards.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// Returns the next frame part, or `nil` when more bytes are needed.
    ///
    /// - Throws: the first protocol violation; every later call throws it again.
    public mutating func nextPart() throws(WebSocketProtocolError) -> Part? {
        switch state {
        case .failed(let error):
            throw error
        case .awaitingHeader:
            do {
                guard let header = try readHeader() else { return nil }
                state = .readingPayload(header, consumed: 0)
                return .header(header)
            } catch {
                state = .failed(error)
                buffer = []
                readIndex = 0
                throw error
            }
        case .readingPayload(let header, let consumed):
            if consumed == header.payloadLength {
                state = .awaitingHeader
                return .end
            }
            let count = min(bufferedByteCount, header.payloadLength - consumed)
            guard count > 0 else { return nil }
            var chunk = Array(buffer[readIndex..<(readIndex + count)])
            consume(count)
            header.maskingKey?.apply(to: &chunk, range: chunk.indices, payloadOffset: consumed)
            state = .readingPayload(header, consumed: consumed + count)
            return .payload(chunk)
        }
    }

    private mutating func consume(_ count: Int) {
        readIndex += count
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 64 * 1024)
            readIndex = 0
        } else if readIndex >= 4096 && readIndex * 2 >= buffer.count {
            buffer.removeSubrange(0..<readIndex)
            readIndex = 0
        }
    }

    /// Parses a header once all its bytes are buffered, validating each field
    /// as soon as it is available.
    private mutating func readHeader() throws(WebSocketProtocolError) -> WebSocketFrameHeader? {
        let available = bufferedByteCount
        guard available >= 1 else { return nil }
        let first = buffer[readIndex]
        let fin = first & 0x80 != 0
        let opcode = WebSocketOpcode(lowNibbleOf: first)
        let reserved = WebSocketReservedBits(rawValue: first)
        guard configuration.allowedReservedBits.isSuperset(of: reserved) else {
            throw .reservedBitsSet
        }
        guard opcode.isDefined else { throw .unknownOpcode }
        guard fin || !opcode.isControl else { throw .fragmentedControlFrame }

        guard available >= 2 else { return nil }
        let second = buffer[readIndex + 1]
        let masked = second & 0x80 != 0
        switch configuration.role {
        case .server where !masked: throw .unmaskedClientFrame
        case .client where masked: throw .maskedServerFrame
        default: break
        }
        let shortLength = Int(second & 0x7F)
        guard !opcode.isControl || shortLength <= 125 else { throw .controlFrameTooLong }

        let extendedLengthSize = shortLength == 127 ? 8 : (shortLength == 126 ? 2 : 0)
        let headerSize = 2 + extendedLengthSize + (masked ? 4 : 0)
        var length = shortLength
        if extendedLengthSize > 0 {
            guard available >= 2 + extendedLengthSize else { return nil }
            var value: UInt64 = 0
            for offset in 0..<extendedLengthSize {
                value = value << 8 | UInt64(buffer[readIndex + 2 + offset])
            }
            guard value & (1 << 63) == 0 else { throw .invalidPayloadLength }
            guard let exact = Int(exactly: value) else { throw .frameTooLarge }
            length = exact
        }
        // Control frames are capped at 125 bytes above; the size limit is for data frames.
        guard opcode.isControl || length <= configuration.maxFrameSize else {
            throw .frameTooLarge
        }
        guard available >= headerSize else { return nil }

        var maskingKey: WebSocketMaskingKey?
        if masked {
            let start = readIndex + headerSize - 4
            maskingKey = WebSocketMaskingKey(
                buffer[start], buffer[start + 1], buffer[start + 2], buffer[start + 3])
        }
        consume(headerSize)
        return WebSocketFrameHeader(
            fin: fin, opcode: opcode, maskingKey: maskingKey, payloadLength: length,
            rsv1: reserved.contains(.rsv1), rsv2: reserved.contains(.rsv2),
            rsv3: reserved.contains(.rsv3))
    }
}
