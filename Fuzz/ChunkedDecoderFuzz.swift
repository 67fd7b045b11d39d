/// libFuzzer target `chunked-decoder`: decodes one input as a chunked body, whole, split in two
/// at a data-derived point, and one byte at a time for short inputs. It traps when the decoder
/// traps, stops consuming a read before the body ended, reports more data than it was given, or
/// when the decoded bytes, error or end position differ between the ways of splitting.
///
/// Built by `Fuzz/run.sh` together with `Sources/Kernel/Transport/HTTP1/*.swift`.

/// Small limits, so the fuzzer reaches every limit check within short inputs.
let chunkedLimits = HTTP1ParserLimits(
    maxHeaderSectionSize: 128, maxHeaderCount: 4, maxChunkedBodySize: 2048, maxChunkLineLength: 48)

/// What the decoder made of the whole input.
struct ChunkedFuzzOutcome: Equatable {
    var data: [UInt8]
    var error: HTTP1ParseError?
    /// Bytes consumed in total when the body finished; nil while unfinished or after an error.
    var endOffset: Int?
}

/// Decodes `input` delivered as the consecutive `reads`.
func decodeChunked(_ input: [UInt8], reads: [Range<Int>]) -> ChunkedFuzzOutcome {
    var decoder = ChunkedDecoder(limits: chunkedLimits)
    var data: [UInt8] = []
    var offset = 0
    for read in reads {
        let piece = Array(input[read])
        do {
            let (consumed, finished) = try piece.withUnsafeBytes { bytes in
                try decoder.decode(bytes) { range in
                    fuzzCheck(range.lowerBound >= 0 && range.upperBound <= bytes.count, "data range out of bounds")
                    data.append(contentsOf: bytes[range])
                }
            }
            fuzzCheck(finished == decoder.isFinished, "finished flag disagrees with isFinished")
            fuzzCheck(consumed == piece.count || finished, "stopped early without finishing")
            fuzzCheck(data.count <= decoder.totalDataSize, "more data than the accepted chunk sizes")
            offset += consumed
            if finished {
                fuzzCheck(data.count == decoder.totalDataSize, "totalDataSize \(decoder.totalDataSize) != \(data.count)")
                return ChunkedFuzzOutcome(data: data, error: nil, endOffset: offset)
            }
        } catch let error as HTTP1ParseError {
            return ChunkedFuzzOutcome(data: data, error: error, endOffset: nil)
        } catch {
            fuzzFailure("unexpected error type \(error)")
        }
    }
    return ChunkedFuzzOutcome(data: data, error: nil, endOffset: nil)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let whole = decodeChunked(input, reads: [0..<size])
    fuzzCheck(whole.data.count <= chunkedLimits.maxChunkedBodySize, "body limit exceeded")
    let cut = fuzzSplitPoint(of: input)
    let split = decodeChunked(input, reads: [0..<cut, cut..<size])
    fuzzCheck(whole == split, "split at \(cut) differs:\n\(whole)\nvs\n\(split)")
    if size <= 512 {
        let trickled = decodeChunked(input, reads: (0..<size).map { $0..<($0 + 1) })
        fuzzCheck(whole == trickled, "byte-by-byte differs:\n\(whole)\nvs\n\(trickled)")
    }
    return 0
}
