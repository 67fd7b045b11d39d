extension WebSocketFrameDecoder {
    /// Returns the next complete frame, or `nil` when more bytes are needed.
    ///
    /// Convenience over ``nextPart()`` that buffers one frame's payload; use one
    /// style or the other on a given decoder, not both.
    ///
    /// ```swift
    /// var decoder = WebSocketFrameDecoder()
    /// decoder.append([0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58])
    /// let frame = try decoder.nextFrame()   // text "Hello", fin
    /// ```
    ///
    /// - Throws: the first protocol violation; every later call throws it again.
    public mutating func nextFrame() throws(WebSocketProtocolError) -> WebSocketFrame? {
        while let part = try nextPart() {
            switch part {
            case .header(let header):
                var payload: [UInt8] = []
                payload.reserveCapacity(min(header.payloadLength, 64 * 1024))
                partialFrame = (header, payload)
            case .payload(let chunk):
                partialFrame?.payload.append(contentsOf: chunk)
            case .end:
                guard let (header, payload) = partialFrame else { continue }
                partialFrame = nil
                return WebSocketFrame(header: header, payload: payload)
            }
        }
        return nil
    }

    /// Decodes every complete frame in `bytes` (plus anything buffered before).
    ///
    /// Frames that precede a protocol violation are returned; the (sticky) violation is then
    /// thrown by the next call, so the result does not depend on how the bytes were split.
    ///
    /// - Throws: the first protocol violation, when no complete frame came before it.
    public mutating func frames(
        appending bytes: some Sequence<UInt8>
    ) throws(WebSocketProtocolError) -> [WebSocketFrame] {
        append(bytes)
        var frames: [WebSocketFrame] = []
        do {
            while let frame = try nextFrame() {
                frames.append(frame)
            }
        } catch {
            guard frames.isEmpty else { return frames }
            throw error
        }
        return frames
    }
}
