/// An incremental decoder for the chunked transfer coding (RFC 9112 §7.1).
///
/// It consumes every byte it is given (it keeps only a few integers of state), reports chunk
/// data as ranges of the input, validates chunk extensions against the grammar and then
/// discards them, and validates and bounds the trailer section (whose fields are discarded too).
///
/// ```swift
/// var decoder = ChunkedDecoder(limits: .init())
/// let (consumed, finished) = try decoder.decode(bytes) { range in body += bytes[range] }
/// ```
public struct ChunkedDecoder: Sendable {
    enum State: Equatable {
        case sizeStart, size
        /// After the size, an extension name or value: BWS, then `;` or CR (`=` after a name).
        /// CR is only allowed when no whitespace preceded it (BWS must lead to `;` or `=`).
        case extensionSeparator(sawWhitespace: Bool, allowsEquals: Bool)
        case extensionNameStart, extensionName, extensionValueStart, extensionToken
        case extensionQuoted, extensionQuotedEscape
        case sizeLineLF
        case data
        case dataCR, dataLF
        case trailerLineStart, trailerName, trailerValue, trailerLF, finalLF
        case done
    }

    let limits: HTTP1ParserLimits
    var state: State = .sizeStart
    var chunkSize = 0
    var remaining = 0
    var lineLength = 0
    var trailerBytes = 0
    var trailerCount = 0
    /// Sum of chunk sizes accepted so far.
    public internal(set) var totalDataSize = 0

    /// Creates a decoder bounded by `limits.maxChunkedBodySize`, `maxChunkLineLength`,
    /// `maxHeaderSectionSize` (trailers) and `maxHeaderCount` (trailer fields).
    public init(limits: HTTP1ParserLimits) {
        self.limits = limits
    }

    /// Whether the last-chunk, trailers and final CRLF have all been read.
    public var isFinished: Bool { state == .done }

    /// Decodes from the start of `bytes`, calling `onData` with each range of chunk data.
    /// - Returns: bytes consumed (all of them unless the body ended inside `bytes`) and whether
    ///   the chunked body is complete.
    public mutating func decode(
        _ bytes: UnsafeRawBufferPointer, onData: (Range<Int>) -> Void
    ) throws(HTTP1ParseError) -> (consumed: Int, finished: Bool) {
        typealias C = HTTP1ByteClass
        var pos = 0
        let count = bytes.count
        while pos < count, state != .done {
            if state == .data {
                let take = min(remaining, count - pos)
                onData(pos..<(pos + take))
                remaining -= take
                pos += take
                if remaining == 0 { state = .dataCR }
                continue
            }
            let byte = bytes[pos]
            pos += 1
            if isInSizeLine {
                if byte != C.cr, lineLength >= limits.maxChunkLineLength { throw .chunkLineTooLong }
                lineLength += 1
                try consumeSizeLine(byte)
            } else if isInTrailers {
                guard trailerBytes < limits.maxHeaderSectionSize else { throw .headerSectionTooLarge }
                trailerBytes += 1
                try consumeTrailer(byte)
            } else {
                try consumeFraming(byte)
            }
        }
        return (pos, state == .done)
    }

    private var isInSizeLine: Bool {
        switch state {
        case .sizeStart, .size, .extensionSeparator, .extensionNameStart, .extensionName,
            .extensionValueStart, .extensionToken, .extensionQuoted, .extensionQuotedEscape:
            true
        default: false
        }
    }

    private var isInTrailers: Bool {
        switch state {
        case .trailerLineStart, .trailerName, .trailerValue, .trailerLF, .finalLF: true
        default: false
        }
    }

    private mutating func consumeSizeLine(_ byte: UInt8) throws(HTTP1ParseError) {
        typealias C = HTTP1ByteClass
        switch state {
        case .sizeStart, .size:
            if let digit = C.hexValue(byte) {
                let (times16, overflow1) = chunkSize.multipliedReportingOverflow(by: 16)
                let (sum, overflow2) = times16.addingReportingOverflow(digit)
                guard !overflow1, !overflow2 else { throw .chunkSizeOverflow }
                guard sum <= limits.maxChunkedBodySize - totalDataSize else { throw .chunkedBodyTooLarge }
                chunkSize = sum
                state = .size
            } else if state == .sizeStart {
                throw byte == C.lf ? .bareLineFeed : .invalidChunkSize
            } else {
                try afterSizeOrExtension(byte, allowsEquals: false, invalid: .invalidChunkSize)
            }
        case .extensionSeparator(let sawWhitespace, let allowsEquals):
            if C.isWhitespace(byte) {
                state = .extensionSeparator(sawWhitespace: true, allowsEquals: allowsEquals)
            } else if byte == C.semicolon {
                state = .extensionNameStart
            } else if byte == C.equals, allowsEquals {
                state = .extensionValueStart
            } else if byte == C.cr, !sawWhitespace {
                state = .sizeLineLF
            } else {
                throw byte == C.lf ? .bareLineFeed : .invalidChunkExtension
            }
        case .extensionNameStart:
            guard C.isWhitespace(byte) || C.isTokenChar(byte) else { throw .invalidChunkExtension }
            if C.isTokenChar(byte) { state = .extensionName }
        case .extensionName:
            if !C.isTokenChar(byte) {
                try afterSizeOrExtension(byte, allowsEquals: true, invalid: .invalidChunkExtension)
            }
        case .extensionValueStart:
            if C.isTokenChar(byte) {
                state = .extensionToken
            } else if byte == C.quote {
                state = .extensionQuoted
            } else if !C.isWhitespace(byte) {
                throw .invalidChunkExtension
            }
        case .extensionToken:
            if !C.isTokenChar(byte) {
                try afterSizeOrExtension(byte, allowsEquals: false, invalid: .invalidChunkExtension)
            }
        case .extensionQuoted:
            if byte == C.quote {
                state = .extensionSeparator(sawWhitespace: false, allowsEquals: false)
            } else if byte == C.backslash {
                state = .extensionQuotedEscape
            } else if !(C.isFieldVisibleChar(byte) || C.isWhitespace(byte)) {
                throw .invalidChunkExtension  // qdtext excludes CTLs, CR and LF
            }
        case .extensionQuotedEscape:
            guard C.isFieldVisibleChar(byte) || C.isWhitespace(byte) else { throw .invalidChunkExtension }
            state = .extensionQuoted
        default:
            preconditionFailure("not a size-line state")
        }
    }

    /// The byte after a size, extension name or token value: `;`, `=` (after a name), BWS or CR.
    private mutating func afterSizeOrExtension(
        _ byte: UInt8, allowsEquals: Bool, invalid: HTTP1ParseError
    ) throws(HTTP1ParseError) {
        typealias C = HTTP1ByteClass
        if byte == C.cr {
            state = .sizeLineLF
        } else if byte == C.semicolon {
            state = .extensionNameStart
        } else if byte == C.equals, allowsEquals {
            state = .extensionValueStart
        } else if C.isWhitespace(byte) {
            state = .extensionSeparator(sawWhitespace: true, allowsEquals: allowsEquals)
        } else {
            throw byte == C.lf ? .bareLineFeed : invalid
        }
    }
}
