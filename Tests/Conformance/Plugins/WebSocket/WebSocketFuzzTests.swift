import Testing

@testable import Plugins

/// Seeded mutation fuzzing of the server's protocol state machine. Valid client streams are damaged
/// (bytes replaced, bits flipped, bytes inserted, deleted or repeated) and fed whole, split at random
/// points and byte by byte. Every chunking must give the same actions, and whatever the machine does
/// must follow RFC 6455 for a server: unmasked frames, control frames of at most 125 bytes, a failure
/// announced by a close frame with a code that may go on the wire, and nothing after the connection
/// is closed. A failure names its seed and mutant, so it can be replayed.
@Suite("WebSocket protocol: mutated client streams")
struct WebSocketFuzzTests {
    static let corpus: [[UInt8]] = [
        clientText("hello") + clientFrame(.binary, [1, 2, 3]) + clientFrame(.ping, [9])
            + clientFrame(.close, closePayload(1000, Array("bye".utf8))),
        clientText("κό", fin: false) + clientFrame(.ping, []) + clientFrame(.continuation, Array("σμε".utf8))
            + clientText("next"),
        clientFrame(.binary, Array(repeating: 0xAB, count: 130)) + clientFrame(.pong, [1, 2])
            + clientFrame(.close, closePayload(4000)),
        clientText("") + clientFrame(.close, []),
        // Closes the server must refuse rather than echo: codes never sent on the wire, a 1-byte body.
        clientText("x") + clientFrame(.close, closePayload(1005, Array("r".utf8))),
        clientFrame(.ping, [1]) + clientFrame(.close, closePayload(1015)),
        clientText("y") + clientFrame(.close, [3]),
    ]

    @Test("4,000 mutants give the same actions in every chunking, and the server's replies follow RFC 6455",
          arguments: [1, 2] as [UInt64])
    func mutants(seed: UInt64) {
        MutationCampaign.run(seed: seed, corpus: Self.corpus, minimumEach: 200,
                             mutate: { Self.mutate($0, using: &$1) }, describe: { "\($0)" }) { mutant, round, random in
            let whole = serverActions(mutant)
            if let difference = MutationCampaign.chunkingDifference(mutant, whole: whole, round: round, using: &random, outcome: { pieces in
                var machine = WebSocketProtocolStateMachine()
                return pieces.flatMap { machine.feed($0) }
            }) {
                throw MutantFailure(difference)
            }
            if let broken = Self.brokenRule(in: whole) { throw MutantFailure("\(broken) in \(whole)") }
            // Accepted: the stream did not end in a protocol failure.
            return failure(of: whole) == nil
        }
    }

    /// One to three mutations of `bytes`.
    static func mutate(_ bytes: [UInt8], using random: inout SeededGenerator) -> [UInt8] {
        bytes.mutated(maxEdits: 3, using: &random) { bytes, position, random in
            switch random.below(5) {
            case 0 where position < bytes.count:
                bytes[position] = UInt8(truncatingIfNeeded: random.next())
            case 1 where position < bytes.count:
                bytes[position] ^= 1 << (random.next() % 8)
            case 2:
                bytes.insert(contentsOf: (0...(random.next() % 3)).map { _ in UInt8(truncatingIfNeeded: random.next()) }, at: position)
            case 3 where position < bytes.count:
                bytes.removeRun(at: position, extra: 4, using: &random)
            default:
                bytes.repeatRun(at: position, minimum: 0, spread: 16, using: &random)
            }
        }
    }

    /// The first rule the server's actions break, if any.
    static func brokenRule(in actions: [WebSocketProtocolAction]) -> String? {
        var sentClose = false
        for (index, action) in actions.enumerated() {
            switch action {
            case .write(let frame):
                guard frame.count >= 2 else { return "a write shorter than a frame header" }
                if frame[1] & 0x80 != 0 { return "a masked frame from the server" }
                let opcode = frame[0] & 0x0F
                if opcode >= 0x8 {
                    if frame[1] & 0x7F > 125 { return "a control frame over 125 bytes" }
                    if frame[0] & 0x80 == 0 { return "a fragmented control frame" }
                }
                if opcode == 0x8 {
                    if sentClose { return "two close frames" }
                    sentClose = true
                    // §5.5.1: no body, or a two-byte code that may go on the wire, then a reason.
                    if frame[1] & 0x7F == 1 { return "a close frame with a 1-byte body" }
                    if frame.count >= 4, !Self.codesAllowedOnWire.contains(Int(frame[2]) << 8 | Int(frame[3])) {
                        return "close code \(Int(frame[2]) << 8 | Int(frame[3])) on the wire"
                    }
                }
            case .closeConnection(let error):
                if index != actions.count - 1 { return "actions after the connection closed" }
                // A failure sends its close code; a clean end answers the peer's close (§5.5.1).
                guard sentClose else { return "closed (\(error.map { "\($0)" } ?? "cleanly")) without a close frame" }
                if let error, let code = writtenCloseCode(in: actions), code != error.closeCode.rawValue {
                    return "failed with \(error) but closed with \(code)"
                }
            case .event(let event):
                // After the server's close frame, only the peer's own close may still be reported.
                if sentClose, !Self.isClose(event) { return "an event after the server's close frame" }
                // §5.5.2: a ping is answered with a pong of the same payload.
                if case .ping(let payload) = event, !sentClose {
                    let pong: [UInt8] = [0x8A, UInt8(payload.count)] + payload
                    guard actions[index...].contains(where: { if case .write(let bytes) = $0 { bytes == pong } else { false } }) else {
                        return "a ping of \(payload.count) bytes without its pong"
                    }
                }
            }
        }
        return nil
    }

    /// RFC 6455 §7.4 and the IANA registry, written out rather than taken from the code under test.
    static let codesAllowedOnWire: Set<Int> = Set(1000...1003).union(1007...1014).union(3000...4999)

    static func isClose(_ event: Plugins.WebSocketEvent) -> Bool {
        if case .close = event { true } else { false }
    }
}
