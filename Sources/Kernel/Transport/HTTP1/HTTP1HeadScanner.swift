/// The byte-level state machine for one request head (request-line and header section).
///
/// It does not copy: it records offsets into the caller's buffer, which must present the
/// same unconsumed head bytes again (plus more) on the next call. `position` remembers how
/// far it has already looked, so a head trickled in one byte at a time is still scanned once.
struct HTTP1HeadScanner {
    /// Byte offsets (relative to the head's first byte) of one field line.
    struct FieldRange {
        var nameStart: Int
        var nameEnd: Int
        var valueStart: Int
        var valueEnd: Int
    }

    enum State: Equatable {
        case method, target
        case versionLiteral(Int), versionMajor, versionDot, versionMinor
        case requestLineCR, requestLineLF
        case fieldStart, fieldName, valueLeadingWhitespace, fieldValue, fieldLF, finalLF
    }

    private static let versionPrefix: StaticString = "HTTP/"

    private(set) var state: State = .method
    /// Head bytes already examined; the next call resumes here.
    private(set) var position = 0
    private(set) var methodEnd = 0
    private(set) var targetStart = 0
    private(set) var targetEnd = 0
    private(set) var version = HTTP1Version(major: 0, minor: 0)
    private(set) var fields: [FieldRange] = []
    private var current = FieldRange(nameStart: 0, nameEnd: 0, valueStart: 0, valueEnd: 0)
    private var headerSectionStart = 0
    /// The first offset at which the current line or section exceeds its limit.
    private var limitPosition = 0

    init(limits: HTTP1ParserLimits) {
        fields.reserveCapacity(16)
        limitPosition = limits.maxRequestLineLength
    }

    /// Forgets the current head, keeping the field array's capacity.
    mutating func reset(limits: HTTP1ParserLimits) {
        state = .method
        position = 0
        fields.removeAll(keepingCapacity: true)
        headerSectionStart = 0
        limitPosition = limits.maxRequestLineLength
    }

    /// Scans `bytes` (which start at the head's first byte) from `position` on.
    /// - Returns: the head's length once its final CRLF is seen, otherwise nil (need more bytes).
    mutating func scan(
        _ bytes: UnsafeRawBufferPointer, limits: HTTP1ParserLimits
    ) throws(HTTP1ParseError) -> Int? {
        precondition(bytes.count >= position, "caller dropped unconsumed head bytes")
        typealias C = HTTP1ByteClass
        let count = bytes.count
        var pos = position
        defer { position = pos }

        while pos < count {
            if pos >= limitPosition { try checkLimit(byte: bytes[pos]) }
            let byte = bytes[pos]
            switch state {
            case .method:
                let stop = min(count, limitPosition)
                var cursor = pos
                while cursor < stop, C.isTokenChar(bytes[cursor]) { cursor += 1 }
                pos = cursor
                guard cursor < stop else { continue }
                guard bytes[cursor] == C.space, cursor > 0 else { throw .invalidMethod }
                methodEnd = cursor
                targetStart = cursor + 1
                state = .target
            case .target:
                let stop = min(count, limitPosition)
                var cursor = pos
                while cursor < stop, C.isTargetChar(bytes[cursor]) { cursor += 1 }
                pos = cursor
                guard cursor < stop else { continue }
                let terminator = bytes[cursor]
                if terminator != C.space {
                    throw terminator == C.cr || terminator == C.lf ? .invalidRequestLine : .invalidTarget
                }
                guard cursor > targetStart else { throw .invalidRequestLine }
                targetEnd = cursor
                state = .versionLiteral(0)
            case .versionLiteral(let index):
                // The usual line end, `HTTP/1.1` or `HTTP/1.0` and CRLF, all here and within the limit, in one step.
                if index == 0, let minor = Self.commonVersionLineEnd(bytes, at: pos), pos + 8 < limitPosition {
                    version = HTTP1Version(major: 1, minor: minor)
                    pos += 10
                    headerSectionStart = pos
                    limitPosition = headerSectionStart + limits.maxHeaderSectionSize
                    state = .fieldStart
                    continue
                }
                guard byte == Self.versionPrefix.utf8Start[index] else { throw .invalidVersion }
                state = index == 4 ? .versionMajor : .versionLiteral(index + 1)
            case .versionMajor:
                guard C.isDigit(byte) else { throw .invalidVersion }
                version.major = Int(byte &- 0x30)
                state = .versionDot
            case .versionDot:
                guard byte == 0x2E else { throw .invalidVersion }
                state = .versionMinor
            case .versionMinor:
                guard C.isDigit(byte) else { throw .invalidVersion }
                version.minor = Int(byte &- 0x30)
                state = .requestLineCR
            case .requestLineCR:
                guard byte == C.cr else { throw byte == C.lf ? .bareLineFeed : .invalidVersion }
                guard version.major == 1 else { throw .unsupportedVersion }
                // A higher 1.x is read as 1.1, the highest minor version we implement (RFC 9112 §2.3, as nginx does).
                if version.minor > 1 { version.minor = 1 }
                state = .requestLineLF
            case .requestLineLF:
                guard byte == C.lf else { throw .bareCarriageReturn }
                headerSectionStart = pos + 1
                limitPosition = headerSectionStart + limits.maxHeaderSectionSize
                state = .fieldStart
            case .fieldStart:
                // A line that has fully arrived is read in one pass; any other goes through the states below.
                if C.isTokenChar(byte), fields.count < limits.maxHeaderCount,
                    let line = Self.completeFieldLine(bytes, at: pos, stop: min(count, limitPosition))
                {
                    fields.append(line.range)
                    pos = line.next
                    continue
                }
                if byte == C.cr {
                    state = .finalLF
                } else if C.isTokenChar(byte) {
                    guard fields.count < limits.maxHeaderCount else { throw .tooManyHeaders }
                    current.nameStart = pos
                    state = .fieldName
                } else if C.isWhitespace(byte) {
                    throw .obsoleteLineFolding
                } else {
                    throw byte == C.lf ? .bareLineFeed : .invalidHeaderName
                }
            case .fieldName:
                let stop = min(count, limitPosition)
                var cursor = pos
                // One table load per byte: names are the bulk of a head's bytes after the values.
                let tokens = C.tokenTable.utf8Start
                while cursor < stop, tokens[Int(bytes[cursor])] & 1 == 1 { cursor += 1 }
                pos = cursor
                guard cursor < stop else { continue }
                let terminator = bytes[cursor]
                guard terminator == C.colon else {
                    throw C.isWhitespace(terminator) ? .whitespaceBeforeColon : .invalidHeaderName
                }
                current.nameEnd = cursor
                state = .valueLeadingWhitespace
            case .valueLeadingWhitespace:
                if C.isWhitespace(byte) {
                    pos += 1
                    continue
                }
                current.valueStart = pos
                current.valueEnd = pos
                state = .fieldValue
                continue  // re-examine this byte as value
            case .fieldValue:
                let stop = min(count, limitPosition)
                let (cursor, valueEnd) = Self.scanValue(bytes, from: pos, stop: stop, valueEnd: current.valueEnd)
                current.valueEnd = valueEnd
                pos = cursor
                guard cursor < stop else { continue }
                let terminator = bytes[cursor]
                guard terminator == C.cr else {
                    throw terminator == C.lf ? .bareLineFeed : .invalidHeaderValue
                }
                state = .fieldLF
            case .fieldLF:
                guard byte == C.lf else { throw .bareCarriageReturn }
                fields.append(current)
                state = .fieldStart
            case .finalLF:
                guard byte == C.lf else { throw .bareCarriageReturn }
                pos += 1
                return pos
            }
            pos += 1
        }
        return nil
    }

    /// Whether the head in `bytes` (the ones last scanned) has a complete method token that is `HEAD`.
    func methodIsHEAD(in bytes: UnsafeRawBufferPointer) -> Bool {
        state != .method && methodEnd == 4 && bytes.count >= 4 && bytes.prefix(4).elementsEqual("HEAD".utf8)
    }

    /// `HTTP/1.1` and `HTTP/1.0` followed by CRLF, read as one word and two bytes: the minor version, or `nil`
    /// for anything else (which the byte-by-byte states then read, and judge).
    @inline(__always)
    private static func commonVersionLineEnd(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Int? {
        guard bytes.count - offset >= 10,
            bytes[offset + 8] == HTTP1ByteClass.cr, bytes[offset + 9] == HTTP1ByteClass.lf
        else { return nil }
        switch UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) {
        case httpOneOne: return 1
        case httpOneOne &- (1 << 56): return 0
        default: return nil
        }
    }

    /// `HTTP/1.1` as a little-endian word.
    private static let httpOneOne: UInt64 = 0x31_2E_31_2F_50_54_54_48

    /// Called for a byte at or past `limitPosition`: throws unless it is the request-line's
    /// CR landing exactly on the limit (a line of exactly the maximum length is allowed).
    private func checkLimit(byte: UInt8) throws(HTTP1ParseError) {
        switch state {
        case .fieldStart, .fieldName, .valueLeadingWhitespace, .fieldValue, .fieldLF, .finalLF:
            throw .headerSectionTooLarge
        case .requestLineLF:
            return  // the request-line ended at the limit; its LF is not counted
        case .requestLineCR where byte == HTTP1ByteClass.cr:
            return
        default:
            throw .requestLineTooLong
        }
    }
}
