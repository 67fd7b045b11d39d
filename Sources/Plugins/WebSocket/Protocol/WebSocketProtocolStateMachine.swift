/// Sans-I/O RFC 6455 endpoint: bytes in, events and bytes-to-write out.
///
/// It owns the frame decoder, reassembles fragmented messages, validates text
/// as UTF-8 while it streams in (failing fast, across fragments), answers
/// pings, runs the closing handshake and fails the connection with the right
/// close code on any violation (1002 protocol, 1007 invalid UTF-8, 1009 too big).
///
/// Actions are produced lazily by ``nextAction()``, so the application sees
/// each event (and may send replies) before later input is processed, e.g. an
/// echo of a message goes out before the close frame caused by a bad frame
/// that followed it.
///
/// ```swift
/// var session = WebSocketProtocolStateMachine()
/// for action in session.feed(bytesFromSocket) {
///     switch action {
///     case .event(.text(let text)): try socket.write(session.sendText(text))
///     case .event: break
///     case .write(let bytes): socket.write(bytes)
///     case .closeConnection: socket.close()
///     }
/// }
/// ```
public struct WebSocketProtocolStateMachine: Sendable {
    /// Limits and behaviour switches.
    public struct Configuration: Hashable, Sendable {
        /// The endpoint's role; a server requires masked frames and sends unmasked ones.
        public var role: WebSocketRole
        /// Largest assembled message (sum of fragments), in bytes; larger → 1009. `0` (or less) at
        /// creation means no limit (stored as `Int.max`), as ws's `maxPayload: 0`.
        public var maxMessageSize: Int
        /// Largest single frame, in bytes; larger → 1009. Defaults to `maxMessageSize`; `0` means no limit.
        public var maxFrameSize: Int
        /// Whether a ping is answered with a pong automatically.
        public var autoPong: Bool

        /// Default message and frame limit: 1 MiB.
        public static let defaultMaxMessageSize = 1 << 20

        /// Creates a configuration (server, 1 MiB, automatic pongs by default).
        public init(
            role: WebSocketRole = .server,
            maxMessageSize: Int = Self.defaultMaxMessageSize,
            maxFrameSize: Int? = nil,
            autoPong: Bool = true
        ) {
            self.role = role
            self.maxMessageSize = maxMessageSize > 0 ? maxMessageSize : .max
            let frameLimit = maxFrameSize ?? maxMessageSize
            self.maxFrameSize = frameLimit > 0 ? frameLimit : .max
            self.autoPong = autoPong
        }
    }

    /// What the frame currently being read contributes to.
    private enum FrameInProgress: Sendable {
        case control(WebSocketOpcode, payload: [UInt8])
        case data(fin: Bool)
        case ignored
    }

    /// A (possibly fragmented) text or binary message being assembled.
    private struct MessageInProgress: Sendable {
        var isText: Bool
        var bytes: [UInt8] = []
        var validator = UTF8Validator()
    }

    /// The configuration in force.
    public let configuration: Configuration
    /// Where the connection is in its lifecycle.
    public private(set) var state: WebSocketConnectionState = .open
    private var decoder: WebSocketFrameDecoder
    private var frame: FrameInProgress?
    private var message: MessageInProgress?
    private var pendingActions: [WebSocketProtocolAction] = []

    /// Creates an endpoint in the open state (after a successful handshake).
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.decoder = WebSocketFrameDecoder(
            configuration: .init(role: configuration.role, maxFrameSize: configuration.maxFrameSize))
    }

    /// Buffers received bytes; drain the consequences with ``nextAction()``.
    /// Bytes received after the connection is closed are dropped.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        guard state != .closed else { return }
        decoder.append(bytes)
    }

    /// The next action, or `nil` when more bytes are needed (or the connection is closed).
    public mutating func nextAction() -> WebSocketProtocolAction? {
        while pendingActions.isEmpty {
            guard state != .closed else { return nil }
            do {
                guard let part = try decoder.nextPart() else { return nil }
                try handle(part)
            } catch {
                fail(with: error)
            }
        }
        return pendingActions.removeFirst()
    }

    /// Whether the next input starts a data frame (a new message or a continuation) while open:
    /// nothing is pending and the decoder sits between frames with that frame's first byte buffered.
    /// A transport that cannot take another message yet stops here; control frames come before it.
    var nextFrameIsData: Bool {
        guard state == .open, pendingActions.isEmpty, frame == nil, let opcode = decoder.nextFrameOpcode else { return false }
        return !opcode.isControl
    }

    /// Buffers `bytes` and returns every action they lead to, in order.
    ///
    /// Convenience for tests and simple transports; note that sends made while
    /// handling these events happen after all of `bytes` was processed.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [WebSocketProtocolAction] {
        append(bytes)
        var actions: [WebSocketProtocolAction] = []
        while let action = nextAction() {
            actions.append(action)
        }
        return actions
    }

    private mutating func handle(_ part: WebSocketFrameDecoder.Part) throws(WebSocketProtocolError) {
        switch part {
        case .header(let header):
            try begin(header)
        case .payload(let chunk):
            switch frame {
            case .control(let opcode, var payload):
                frame = nil  // keep `payload` uniquely referenced while appending
                payload.append(contentsOf: chunk)
                frame = .control(opcode, payload: payload)
            case .data:
                if message?.isText == true, message?.validator.validate(chunk) == false {
                    throw .invalidUTF8Text
                }
                message?.bytes.append(contentsOf: chunk)
            case .ignored, nil:
                break
            }
        case .end:
            let finished = frame
            frame = nil
            switch finished {
            case .control(let opcode, let payload):
                try handleControl(opcode, payload: payload)
            case .data(fin: true):
                try finishMessage()
            case .data(fin: false), .ignored, nil:
                break
            }
        }
    }

    /// Applies the fragmentation rules (§5.4) and the message size limit to a new frame.
    private mutating func begin(_ header: WebSocketFrameHeader) throws(WebSocketProtocolError) {
        if header.opcode.isControl {
            frame = .control(header.opcode, payload: [])
            return
        }
        guard state == .open else {
            frame = .ignored  // after our close frame, data is discarded (§5.5.1)
            return
        }
        if header.opcode == .continuation {
            guard let current = message else { throw .unexpectedContinuation }
            guard header.payloadLength <= configuration.maxMessageSize - current.bytes.count else {
                throw .messageTooLarge
            }
        } else {
            guard message == nil else { throw .expectedContinuation }
            guard header.payloadLength <= configuration.maxMessageSize else {
                throw .messageTooLarge
            }
            message = MessageInProgress(isText: header.opcode == .text)
        }
        frame = .data(fin: header.fin)
    }

    private mutating func finishMessage() throws(WebSocketProtocolError) {
        guard let finished = message else { return }
        message = nil
        if finished.isText {
            guard finished.validator.isAtCharacterBoundary else { throw .invalidUTF8Text }
            pendingActions.append(.event(.text(String(decoding: finished.bytes, as: UTF8.self))))
        } else {
            pendingActions.append(.event(.binary(finished.bytes)))
        }
    }

    /// Fails the connection (§7.1.7): close frame with the error's code if we
    /// have not sent one yet, then close the TCP connection.
    private mutating func fail(with error: WebSocketProtocolError) {
        if state == .open {
            pendingActions.append(.write(closeFrame(code: error.closeCode, reason: [])))
        }
        enterClosed()
        pendingActions.append(.closeConnection(error))
    }

    /// Drops all receive state; nothing is read any more.
    mutating func enterClosed() {
        state = .closed
        frame = nil
        message = nil
        decoder = WebSocketFrameDecoder(configuration: decoder.configuration)
    }

    /// Marks our close frame as sent: the message in progress is abandoned.
    mutating func enterCloseSent() {
        state = .closeSent
        message = nil
        if case .data = frame { frame = .ignored }
    }

    /// Queues an action produced while handling a frame.
    mutating func enqueue(_ action: WebSocketProtocolAction) {
        pendingActions.append(action)
    }
}
