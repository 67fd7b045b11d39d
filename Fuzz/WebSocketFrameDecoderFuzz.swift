/// libFuzzer target `ws-frame-decoder`: feeds one input to a server-role
/// `WebSocketProtocolStateMachine` with a small message limit (whole, split at a data-derived
/// point, and byte by byte for short inputs), and to a client-role `WebSocketFrameDecoder`
/// (which accepts unmasked frames, so the fuzzer reaches payload handling without masks).
/// It traps when either traps, when a delivered message breaks the limit, or when the actions
/// or frames differ between the ways of splitting.
///
/// Built by `Fuzz/run.sh` together with `Sources/Plugins/WebSocket/Protocol/*.swift`.

/// Small limits, so the fuzzer reaches the 1009 paths within short inputs.
let maxMessageSize = 64

/// Runs the server state machine over `input` delivered as the consecutive `reads`.
func serverActions(_ input: [UInt8], reads: [Range<Int>]) -> [WebSocketProtocolAction] {
    var session = WebSocketProtocolStateMachine(
        configuration: .init(role: .server, maxMessageSize: maxMessageSize))
    var actions: [WebSocketProtocolAction] = []
    for read in reads {
        actions += session.feed(input[read])
    }
    for action in actions {
        switch action {
        case .event(.text(let text)):
            fuzzCheck(text.utf8.count <= maxMessageSize, "text message over the limit")
        case .event(.binary(let bytes)):
            fuzzCheck(bytes.count <= maxMessageSize, "binary message over the limit")
        case .event(.ping(let bytes)), .event(.pong(let bytes)):
            fuzzCheck(bytes.count <= 125, "control payload over 125 bytes")
        case .write(let bytes):
            // A server sends unmasked frames: second byte's mask bit clear.
            fuzzCheck(bytes.count >= 2 && bytes[1] & 0x80 == 0, "server wrote a masked or empty frame")
        case .event(.close), .closeConnection:
            break
        }
    }
    if let closeIndex = actions.firstIndex(where: { if case .closeConnection = $0 { true } else { false } }) {
        fuzzCheck(closeIndex == actions.count - 1, "actions after closeConnection")
        fuzzCheck(session.state == .closed, "closeConnection without closed state")
    }
    return actions
}

/// Frames (or the error) a client-role decoder reads from `input` delivered as `reads`.
func clientFrames(_ input: [UInt8], reads: [Range<Int>]) -> ([WebSocketFrame], WebSocketProtocolError?) {
    var decoder = WebSocketFrameDecoder(configuration: .init(role: .client, maxFrameSize: maxMessageSize))
    var frames: [WebSocketFrame] = []
    for read in reads {
        do {
            frames += try decoder.frames(appending: input[read])
        } catch {
            return (frames, error)
        }
    }
    do {
        frames += try decoder.frames(appending: [])  // a violation after whole frames comes out here
    } catch {
        return (frames, error)
    }
    return (frames, nil)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let cut = fuzzSplitPoint(of: input)
    let reads: [[Range<Int>]] = [[0..<size], [0..<cut, cut..<size]]
        + (size <= 512 ? [(0..<size).map { $0..<($0 + 1) }] : [])

    let whole = serverActions(input, reads: reads[0])
    for other in reads.dropFirst() {
        let actions = serverActions(input, reads: other)
        fuzzCheck(actions == whole, "server actions differ by split (\(other.count) reads):\n\(whole)\nvs\n\(actions)")
    }
    let frames = clientFrames(input, reads: reads[0])
    for other in reads.dropFirst() {
        let again = clientFrames(input, reads: other)
        fuzzCheck(again.0 == frames.0 && again.1 == frames.1, "client frames differ by split")
    }
    return 0
}
