/// The CRLFs around chunk data and the trailer section of a chunked body.
extension ChunkedDecoder {
    /// Line ends that delimit chunk data: the size line's LF, and the CRLF after the data.
    mutating func consumeFraming(_ byte: UInt8) throws(HTTP1ParseError) {
        typealias C = HTTP1ByteClass
        switch state {
        case .sizeLineLF:
            guard byte == C.lf else { throw .bareCarriageReturn }
            lineLength = 0
            if chunkSize == 0 {
                state = .trailerLineStart
            } else {
                totalDataSize += chunkSize
                remaining = chunkSize
                chunkSize = 0
                state = .data
            }
        case .dataCR:
            guard byte == C.cr else { throw .missingChunkDataTerminator }
            state = .dataLF
        case .dataLF:
            guard byte == C.lf else { throw .missingChunkDataTerminator }
            state = .sizeStart
        default:
            preconditionFailure("not a framing state")
        }
    }

    /// `trailer-section = *( field-line CRLF )` then the final CRLF; obs-fold is rejected.
    mutating func consumeTrailer(_ byte: UInt8) throws(HTTP1ParseError) {
        typealias C = HTTP1ByteClass
        switch state {
        case .trailerLineStart:
            if byte == C.cr {
                state = .finalLF
            } else if C.isTokenChar(byte) {
                guard trailerCount < limits.maxHeaderCount else { throw .tooManyHeaders }
                state = .trailerName
            } else {
                throw byte == C.lf ? .bareLineFeed : .invalidTrailer
            }
        case .trailerName:
            if byte == C.colon {
                state = .trailerValue
            } else if !C.isTokenChar(byte) {
                throw .invalidTrailer
            }
        case .trailerValue:
            if byte == C.cr {
                state = .trailerLF
            } else if !(C.isFieldVisibleChar(byte) || C.isWhitespace(byte)) {
                throw byte == C.lf ? .bareLineFeed : .invalidTrailer
            }
        case .trailerLF:
            guard byte == C.lf else { throw .bareCarriageReturn }
            trailerCount += 1
            state = .trailerLineStart
        case .finalLF:
            guard byte == C.lf else { throw .bareCarriageReturn }
            state = .done
        default:
            preconditionFailure("not a trailer state")
        }
    }
}
