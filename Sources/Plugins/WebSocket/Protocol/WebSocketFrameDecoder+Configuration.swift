/// Which end of the connection this endpoint is; decides the masking rules (RFC 6455 §5.1).
public enum WebSocketRole: Hashable, Sendable {
    /// Receives masked frames, sends unmasked frames.
    case server
    /// Receives unmasked frames, sends masked frames.
    case client
}

/// The RSV1–RSV3 bits of a frame header, as a set.
///
/// Frames may only carry the bits an extension negotiated in the handshake
/// defines (e.g. `.rsv1` for permessage-deflate); the default allows none.
public struct WebSocketReservedBits: OptionSet, Hashable, Sendable {
    /// The bits in their first-byte position (`0x70` mask).
    public let rawValue: UInt8

    /// Creates a set from first-byte bit positions; bits outside `0x70` are dropped.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue & 0x70
    }

    /// RSV1 (`0x40`).
    public static let rsv1 = WebSocketReservedBits(rawValue: 0x40)
    /// RSV2 (`0x20`).
    public static let rsv2 = WebSocketReservedBits(rawValue: 0x20)
    /// RSV3 (`0x10`).
    public static let rsv3 = WebSocketReservedBits(rawValue: 0x10)
}

extension WebSocketFrameDecoder {
    /// Limits and rules the decoder enforces while reading frame headers.
    ///
    /// ```swift
    /// let decoder = WebSocketFrameDecoder(
    ///     configuration: .init(role: .server, maxFrameSize: 64 * 1024))
    /// ```
    public struct Configuration: Hashable, Sendable {
        /// The role of the endpoint that reads the frames (a server expects masked frames).
        public var role: WebSocketRole
        /// Largest accepted payload of a single data frame, in bytes; larger → 1009. `0` (or less) at
        /// creation means no limit (stored as `Int.max`).
        /// Control frames are limited to 125 bytes by the protocol instead.
        public var maxFrameSize: Int
        /// Reserved bits that a negotiated extension allows; any other set bit → 1002.
        public var allowedReservedBits: WebSocketReservedBits

        /// Default maximum frame size: 1 MiB.
        public static let defaultMaxFrameSize = 1 << 20

        /// Creates a configuration; defaults to a server with a 1 MiB frame limit and no extensions.
        public init(
            role: WebSocketRole = .server,
            maxFrameSize: Int = Self.defaultMaxFrameSize,
            allowedReservedBits: WebSocketReservedBits = []
        ) {
            self.role = role
            self.maxFrameSize = maxFrameSize > 0 ? maxFrameSize : .max
            self.allowedReservedBits = allowedReservedBits
        }
    }
}
