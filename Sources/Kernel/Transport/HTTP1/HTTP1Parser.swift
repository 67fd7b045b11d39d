/// A strict, incremental HTTP/1.1 request parser (RFC 9112) that never awaits and never
/// allocates per byte.
///
/// The caller owns the read buffer. Each `parse` call reports how many bytes it consumed;
/// the caller drops those and calls again, with the unconsumed rest plus newly read bytes,
/// once more data arrives. A partial head is left unconsumed but its scan position is kept,
/// so a head trickled in byte by byte is still examined once (linear work).
///
/// Pipelined requests in one buffer all come out, in order. After the `end` of a request
/// that closes the connection (`keepAlive == false`) or switches protocols (upgrade or
/// CONNECT), the parser stops consuming: `stopReason` says why, and `reset()` resumes HTTP
/// parsing (e.g. after the upgrade was declined). After an error every call throws it again.
///
/// ```swift
/// var parser = HTTP1Parser()
/// var events: [HTTP1ParserEvent] = []
/// let consumed = try buffer.withUnsafeBytes { try parser.parse($0, into: &events) }
/// buffer.removeFirst(consumed)
/// ```
public struct HTTP1Parser: Sendable {
    /// Why the parser stopped consuming after a complete request.
    public enum StopReason: Hashable, Sendable {
        /// The request asked to close the connection; later bytes must not be served.
        case connectionClose
        /// The request was an upgrade or CONNECT; later bytes belong to another protocol.
        case protocolSwitch
    }

    private enum Phase: Sendable {
        case head
        case body(remaining: Int)
        case chunked
        case stopped(StopReason)
        case failed(HTTP1ParseError)
    }

    /// The limits this parser enforces.
    public let limits: HTTP1ParserLimits
    private var phase: Phase = .head
    private var scanner: HTTP1HeadScanner
    private var chunkedDecoder: ChunkedDecoder
    private var leadingEmptyLines = 0
    private var stopAfterMessage: StopReason?
    /// Total head bytes examined so far (used by tests to prove linear work).
    private(set) var headBytesScanned = 0
    /// Whether the request head the parser rejected had the method `HEAD` (its request-line got that far).
    /// The error reply then carries no content (RFC 9110 §9.3.2), as nginx answers it; false for any other error.
    public private(set) var rejectedHeadIsHEAD = false

    /// Creates a parser enforcing `limits`.
    public init(limits: HTTP1ParserLimits = .init()) {
        self.limits = limits
        self.scanner = HTTP1HeadScanner(limits: limits)
        self.chunkedDecoder = ChunkedDecoder(limits: limits)
    }

    /// Set once the parser stopped after a `Connection: close`, upgrade or CONNECT request.
    public var stopReason: StopReason? {
        if case .stopped(let reason) = phase { reason } else { nil }
    }

    /// Returns to the initial state (clearing a stop or an error), keeping buffers' capacity.
    public mutating func reset() {
        phase = .head
        scanner.reset(limits: limits)
        leadingEmptyLines = 0
        stopAfterMessage = nil
        rejectedHeadIsHEAD = false
    }

    /// Parses as much of `bytes` as possible, appending events.
    /// - Returns: the number of leading bytes consumed; the rest must be passed again.
    /// - Throws: `HTTP1ParseError`; answer with its `status` and close the connection.
    public mutating func parse(
        _ bytes: UnsafeRawBufferPointer, into events: inout [HTTP1ParserEvent]
    ) throws(HTTP1ParseError) -> Int {
        if case .failed(let error) = phase { throw error }
        do {
            return try parseParts(bytes, into: &events)
        } catch {
            phase = .failed(error)
            throw error
        }
    }

    private mutating func parseParts(
        _ bytes: UnsafeRawBufferPointer, into events: inout [HTTP1ParserEvent]
    ) throws(HTTP1ParseError) -> Int {
        var offset = 0
        while true {
            switch phase {
            case .head:
                guard let consumed = try parseHead(bytes, from: &offset, into: &events) else { return offset }
                offset = consumed
            case .body(let remaining):
                guard offset < bytes.count else { return offset }
                let take = min(remaining, bytes.count - offset)
                events.append(.body(Array(bytes[offset..<(offset + take)])))
                offset += take
                if take == remaining { finishMessage(into: &events) } else { phase = .body(remaining: remaining - take) }
            case .chunked:
                guard offset < bytes.count else { return offset }
                let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
                let (consumed, finished) = try chunkedDecoder.decode(rest) { range in
                    events.append(.body(Array(rest[range])))
                }
                offset += consumed
                guard finished else { return offset }
                finishMessage(into: &events)
            case .stopped:
                return offset
            case .failed(let error):
                throw error
            }
        }
    }

    /// Skips leading empty lines, scans the head, and on completion emits it and picks the
    /// body phase. Returns the new offset, or nil when more bytes are needed (offset then
    /// points at the unconsumed head start).
    private mutating func parseHead(
        _ bytes: UnsafeRawBufferPointer, from offset: inout Int, into events: inout [HTTP1ParserEvent]
    ) throws(HTTP1ParseError) -> Int? {
        typealias C = HTTP1ByteClass
        if scanner.position == 0 {
            while offset < bytes.count, bytes[offset] == C.cr || bytes[offset] == C.lf {
                guard bytes[offset] == C.cr else { throw .bareLineFeed }
                guard offset + 1 < bytes.count else { return nil }
                guard bytes[offset + 1] == C.lf else { throw .bareCarriageReturn }
                leadingEmptyLines += 1
                guard leadingEmptyLines <= limits.maxLeadingEmptyLines else { throw .tooManyEmptyLines }
                offset += 2
            }
            guard offset < bytes.count else { return nil }
        }
        let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
        let scannedBefore = scanner.position
        let head: HTTP1RequestHead, headLength: Int
        do throws(HTTP1ParseError) {
            let scanned = try scanner.scan(rest, limits: limits)
            headBytesScanned += scanner.position - scannedBefore
            guard let scanned else { return nil }
            headLength = scanned
            head = try HTTP1RequestHead(scanned: UnsafeRawBufferPointer(rebasing: rest[0..<headLength]), scanner: scanner)
        } catch {
            rejectedHeadIsHEAD = scanner.methodIsHEAD(in: rest)
            throw error
        }
        scanner.reset(limits: limits)
        leadingEmptyLines = 0
        if head.isUpgrade || head.isConnect {
            stopAfterMessage = .protocolSwitch
        } else if !head.keepAlive {
            stopAfterMessage = .connectionClose
        }
        let framing = head.framing
        events.append(.head(consume head))
        switch framing {
        case .none, .contentLength(0):
            finishMessage(into: &events)
        case .contentLength(let length):
            phase = .body(remaining: length)
        case .chunked:
            chunkedDecoder = ChunkedDecoder(limits: limits)
            phase = .chunked
        }
        return offset + headLength
    }

    private mutating func finishMessage(into events: inout [HTTP1ParserEvent]) {
        events.append(.end)
        if let reason = stopAfterMessage {
            phase = .stopped(reason)
            stopAfterMessage = nil
        } else {
            phase = .head
        }
    }
}
