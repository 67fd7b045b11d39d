import Testing

@testable import Kernel

/// What a parser produced for one input delivered in some chunking: events (adjacent body
/// pieces merged, since their boundaries follow the reads), the error if any, how many bytes
/// stayed unconsumed, and the stop reason.
struct ParseOutcome: Equatable, CustomStringConvertible {
    var events: [HTTP1ParserEvent] = []
    var error: HTTP1ParseError?
    var unconsumed = 0
    var stopReason: HTTP1Parser.StopReason?

    var heads: [HTTP1RequestHead] {
        events.compactMap { if case .head(let head) = $0 { head } else { nil } }
    }

    /// Body bytes of every request, concatenated per request.
    var bodies: [[UInt8]] {
        var result: [[UInt8]] = []
        for event in events {
            switch event {
            case .head: result.append([])
            case .body(let bytes): result[result.count - 1] += bytes
            case .end: break
            }
        }
        return result
    }

    var description: String {
        "events: \(events.count) heads: \(heads.map { "\($0.method) \($0.target)" }) "
            + "error: \(error.map(String.init(describing:)) ?? "none") unconsumed: \(unconsumed) stop: \(String(describing: stopReason))"
    }
}

/// Feeds the same bytes in many chunkings (all at once, split at every point, one byte at a
/// time) through a caller that keeps unconsumed bytes, as a server's read buffer does, and
/// expects the same outcome every time.
enum ChunkingVerifier {
    /// Runs one chunking; also returns the parser so tests can inspect it.
    static func run(_ chunks: [ArraySlice<UInt8>], limits: HTTP1ParserLimits = .init()) -> (ParseOutcome, HTTP1Parser) {
        var parser = HTTP1Parser(limits: limits)
        var outcome = ParseOutcome()
        var buffer: [UInt8] = []
        for chunk in chunks {
            buffer += chunk
            do {
                let consumed = try buffer.withUnsafeBytes { raw throws(HTTP1ParseError) in
                    try parser.parse(raw, into: &outcome.events)
                }
                buffer.removeFirst(consumed)
            } catch let error as HTTP1ParseError {
                outcome.error = error
                break
            } catch {
                Issue.record("unexpected error type \(error)")
                break
            }
        }
        outcome.events = merged(outcome.events)
        outcome.unconsumed = outcome.error == nil ? buffer.count : 0
        outcome.stopReason = parser.stopReason
        return (outcome, parser)
    }

    /// Verifies every chunking and returns the common outcome.
    @discardableResult
    static func verify(
        _ bytes: [UInt8], limits: HTTP1ParserLimits = .init(), sourceLocation: SourceLocation = #_sourceLocation
    ) -> ParseOutcome {
        let reference = run([bytes[...]], limits: limits).0
        for split in splitPoints(count: bytes.count) {
            let outcome = run([bytes[..<split], bytes[split...]], limits: limits).0
            if outcome != reference {
                Issue.record("split at \(split): \(outcome) != \(reference)", sourceLocation: sourceLocation)
                return reference
            }
        }
        let byteByByte = run(bytes.indices.map { bytes[$0...$0] }, limits: limits).0
        #expect(byteByByte == reference, "byte by byte", sourceLocation: sourceLocation)
        return reference
    }

    /// Every split for small inputs; for large ones (limit tests) the first and last 300
    /// points plus every 37th, so a debug build stays fast.
    static func splitPoints(count: Int) -> [Int] {
        guard count > 4096 else { return Array(0...count) }
        let edges = Array(0...300) + Array((count - 300)...count)
        return Array(Set(edges + Array(stride(from: 0, through: count, by: 37)))).sorted()
    }

    static func merged(_ events: [HTTP1ParserEvent]) -> [HTTP1ParserEvent] {
        var result: [HTTP1ParserEvent] = []
        for event in events {
            if case .body(let more) = event, case .body(let previous)? = result.last {
                result[result.count - 1] = .body(previous + more)
            } else {
                result.append(event)
            }
        }
        return result
    }
}

/// The bytes of a string (write CRLF explicitly as `\r\n`).
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
