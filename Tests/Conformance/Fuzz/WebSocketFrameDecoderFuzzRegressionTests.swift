import Testing

@testable import Plugins

/// Inputs the `ws-frame-decoder` fuzz target (Fuzz/WebSocketFrameDecoderFuzz.swift) found, kept
/// as regression tests.
@Suite("Fuzz regressions: WebSocket frame decoder")
struct WebSocketFrameDecoderFuzzRegressionTests {
    /// crash-c6304691a050d65fd180357531a91b4c68481b02: three valid unmasked frames (text "Hello",
    /// empty pong, binary "ab" with a 16-bit length), then a header with RSV1 and RSV3 set
    /// ("Range"). Read in one call, `frames(appending:)` threw and dropped the three frames;
    /// split before the bad header, it returned them first: the result depended on the split.
    static let framesThenReservedBits: [UInt8] = [
        0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x8a, 0x00, 0x82, 0x7e, 0x00, 0x02, 0x61, 0x62, 0x52,
        0x61, 0x6e, 0x67, 0x65,
    ]

    static let expectedFrames = [
        WebSocketFrame(fin: true, opcode: .text, payload: Array("Hello".utf8)),
        WebSocketFrame(fin: true, opcode: .pong, payload: []),
        WebSocketFrame(fin: true, opcode: .binary, payload: Array("ab".utf8)),
    ]

    /// Frames from `chunks` fed in order, plus the violation, which may surface on a final empty call.
    private func framesAndError(_ chunks: [ArraySlice<UInt8>]) -> ([WebSocketFrame], WebSocketProtocolError?) {
        var decoder = WebSocketFrameDecoder(configuration: .init(role: .client, maxFrameSize: 64))
        var frames: [WebSocketFrame] = []
        do {
            for chunk in chunks {
                frames += try decoder.frames(appending: chunk)
            }
            frames += try decoder.frames(appending: [])
            return (frames, nil)
        } catch {
            return (frames, error)
        }
    }

    @Test("Frames before a violation in the same read are returned; the next call throws it")
    func framesBeforeViolationSurvive() throws {
        var decoder = WebSocketFrameDecoder(configuration: .init(role: .client, maxFrameSize: 64))
        let frames = try decoder.frames(appending: Self.framesThenReservedBits)
        #expect(frames == Self.expectedFrames)
        #expect(throws: WebSocketProtocolError.reservedBitsSet) { try decoder.frames(appending: []) }
        #expect(throws: WebSocketProtocolError.reservedBitsSet) { try decoder.frames(appending: [0x81, 0x00]) }
    }

    @Test("Frames and the violation are the same at every split point")
    func everySplitPoint() {
        let bytes = Self.framesThenReservedBits
        for split in 0...bytes.count {
            let (frames, error) = framesAndError([bytes[..<split], bytes[split...]])
            #expect(frames == Self.expectedFrames, "split at \(split)")
            #expect(error == .reservedBitsSet, "split at \(split)")
        }
        let (frames, error) = framesAndError(bytes.indices.map { bytes[$0..<($0 + 1)] })
        #expect(frames == Self.expectedFrames)
        #expect(error == .reservedBitsSet)
    }

    @Test("The server state machine delivers the messages before failing with 1002")
    func serverDeliversMessagesFirst() {
        // The same frames, masked with an all-zero key, as a client must send them.
        let masked: [UInt8] = [
            0x81, 0x85, 0, 0, 0, 0, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x8a, 0x80, 0, 0, 0, 0,
            0x82, 0x82, 0, 0, 0, 0, 0x61, 0x62, 0x52, 0x80,
        ]
        for split in 0...masked.count {
            let actions = serverActions(masked, splitAt: split)
            #expect(actions.first == .event(.text("Hello")), "split at \(split)")
            #expect(actions.contains(.event(.pong([]))), "split at \(split)")
            #expect(actions.contains(.event(.binary(Array("ab".utf8)))), "split at \(split)")
            #expect(failure(of: actions) == .reservedBitsSet, "split at \(split)")
        }
    }
}
