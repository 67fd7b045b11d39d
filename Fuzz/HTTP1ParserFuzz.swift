/// libFuzzer target `http1-parser`: feeds one input to `HTTP1Parser` whole, split in two at a
/// point derived from the data, and (for short inputs) one byte at a time, the way a connection
/// buffers reads. It traps when the parser traps, consumes more than it was given, or when the
/// outcomes (events with bodies merged, error, stop reason, unconsumed bytes) differ between
/// the ways of splitting.
///
/// Built by `Fuzz/run.sh` together with `Sources/Kernel/Transport/HTTP1/*.swift`.

/// Small limits, so the fuzzer reaches every limit check within short inputs.
let fuzzLimits = HTTP1ParserLimits(
    maxRequestLineLength: 256, maxHeaderSectionSize: 512, maxHeaderCount: 8,
    maxChunkedBodySize: 1024, maxChunkLineLength: 64, maxLeadingEmptyLines: 3)

/// Inputs up to this size are also fed one byte per read.
let byteByByteLimit = 512

/// What a connection would see after all reads were parsed.
struct HTTP1FuzzOutcome: Equatable {
    var events: [HTTP1ParserEvent]
    var error: HTTP1ParseError?
    var stopReason: HTTP1Parser.StopReason?
    /// Bytes left in the buffer (unused after an error).
    var unconsumed: Int
}

/// Parses `input` delivered as the consecutive `reads`, as a connection handler would.
func parseHTTP1(_ input: [UInt8], reads: [Range<Int>]) -> HTTP1FuzzOutcome {
    var parser = HTTP1Parser(limits: fuzzLimits)
    var buffer: [UInt8] = []
    var events: [HTTP1ParserEvent] = []
    for read in reads {
        buffer.append(contentsOf: input[read])
        do {
            let consumed = try buffer.withUnsafeBytes { try parser.parse($0, into: &events) }
            fuzzCheck(consumed >= 0 && consumed <= buffer.count, "consumed \(consumed) of \(buffer.count)")
            buffer.removeFirst(consumed)
        } catch let error as HTTP1ParseError {
            // Errors are sticky: the same error comes back on the next call.
            var again: [HTTP1ParserEvent] = []
            do {
                _ = try buffer.withUnsafeBytes { try parser.parse($0, into: &again) }
                fuzzFailure("error was not sticky")
            } catch let second as HTTP1ParseError {
                fuzzCheck(second == error && again.isEmpty, "sticky error changed")
            } catch {
                fuzzFailure("unexpected error type")
            }
            return HTTP1FuzzOutcome(events: mergingBodies(events), error: error, stopReason: nil, unconsumed: 0)
        } catch {
            fuzzFailure("unexpected error type \(error)")
        }
    }
    return HTTP1FuzzOutcome(
        events: mergingBodies(events), error: nil, stopReason: parser.stopReason, unconsumed: buffer.count)
}

/// Joins adjacent body events: body pieces follow read boundaries, the bytes must not.
func mergingBodies(_ events: [HTTP1ParserEvent]) -> [HTTP1ParserEvent] {
    var merged: [HTTP1ParserEvent] = []
    for event in events {
        if case .body(let bytes) = event, case .body(let previous)? = merged.last {
            merged[merged.count - 1] = .body(previous + bytes)
        } else if case .body(let bytes) = event, bytes.isEmpty {
            continue
        } else {
            merged.append(event)
        }
    }
    return merged
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let whole = parseHTTP1(input, reads: [0..<size])
    let cut = fuzzSplitPoint(of: input)
    let split = parseHTTP1(input, reads: [0..<cut, cut..<size])
    fuzzCheck(whole == split, "split at \(cut) differs:\n\(whole)\nvs\n\(split)")
    if size <= byteByByteLimit {
        let trickled = parseHTTP1(input, reads: (0..<size).map { $0..<($0 + 1) })
        fuzzCheck(whole == trickled, "byte-by-byte differs:\n\(whole)\nvs\n\(trickled)")
    }
    return 0
}
