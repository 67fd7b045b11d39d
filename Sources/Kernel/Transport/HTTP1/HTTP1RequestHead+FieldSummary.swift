/// What the header fields say about framing and the connection, gathered in one pass over them.
extension HTTP1RequestHead {
    /// Field-level facts gathered in one pass over the header lines.
    struct FieldSummary {
        var hostCount = 0
        var contentLength: Int?
        var sawTransferEncoding = false
        var codingCount = 0
        var chunkedCount = 0
        var lastCodingIsChunked = false
        var connectionClose = false
        var connectionKeepAlive = false
        var connectionUpgrade = false
        var sawUpgrade = false
        var expectsContinue = false
    }
}

/// Recording one field, then deciding how the body is framed (RFC 9112 §6).
extension HTTP1RequestHead.FieldSummary {
    mutating func record(role: HTTP1FieldNames.Role, value: UnsafeRawBufferPointer.SubSequence) throws(HTTP1ParseError) {
        typealias C = HTTP1ByteClass
        switch role {
        case .other:
            break
        case .host:
            hostCount += 1
            guard hostCount == 1 else { throw .duplicateHost }
            guard HTTP1RequestHead.isValidHostField(value) else { throw .invalidHost }
        case .contentLength:
            guard contentLength == nil else { throw .duplicateContentLength }
            contentLength = try Self.parseContentLength(value)
        case .transferEncoding:
            sawTransferEncoding = true
            for coding in HTTP1ListElements(value) { try recordCoding(coding) }
        case .connection:
            for option in HTTP1ListElements(value) {
                if C.equalsIgnoringCase(option, "close") { connectionClose = true }
                if C.equalsIgnoringCase(option, "keep-alive") { connectionKeepAlive = true }
                if C.equalsIgnoringCase(option, "upgrade") { connectionUpgrade = true }
            }
        case .upgrade:
            sawUpgrade = true
        case .expect:
            if C.equalsIgnoringCase(value, "100-continue") { expectsContinue = true }
        }
    }

    /// One element of a Transfer-Encoding list: `token *( OWS ";" OWS transfer-parameter )`.
    private mutating func recordCoding(_ coding: UnsafeRawBufferPointer.SubSequence) throws(HTTP1ParseError) {
        var nameEnd = coding.startIndex
        while nameEnd < coding.endIndex, HTTP1ByteClass.isTokenChar(coding[nameEnd]) { nameEnd += 1 }
        let name = coding[coding.startIndex..<nameEnd]
        guard !name.isEmpty else { throw .invalidTransferEncoding }
        codingCount += 1
        lastCodingIsChunked = HTTP1ByteClass.equalsIgnoringCase(name, "chunked")
        if lastCodingIsChunked {
            chunkedCount += 1
            // chunked takes no parameters; anything after the name is malformed.
            guard nameEnd == coding.endIndex else { throw .invalidTransferEncoding }
        } else if nameEnd != coding.endIndex {
            let rest = HTTP1ListElements.trimmed(coding[nameEnd...])
            guard rest.first == HTTP1ByteClass.semicolon else { throw .invalidTransferEncoding }
        }
    }

    /// RFC 9112 §6.3, in the order nginx checks: version, CL+TE, then the coding list.
    func framing(version: HTTP1Version) throws(HTTP1ParseError) -> HTTP1BodyFraming {
        guard sawTransferEncoding else { return contentLength.map { .contentLength($0) } ?? .none }
        if version == .http1_0 { throw .transferEncodingInHTTP10 }
        if contentLength != nil { throw .contentLengthWithTransferEncoding }
        if chunkedCount > 1 { throw .chunkedAppliedTwice }
        if !lastCodingIsChunked { throw .chunkedNotFinal }
        if codingCount > 1 { throw .unsupportedTransferCoding }
        return .chunked
    }

    /// `1*DIGIT` fitting in `Int`; a comma means a list, which is treated as a duplicate.
    static func parseContentLength(_ value: UnsafeRawBufferPointer.SubSequence) throws(HTTP1ParseError) -> Int {
        guard !value.isEmpty else { throw .invalidContentLength }
        var result = 0
        for byte in value {
            guard HTTP1ByteClass.isDigit(byte) else {
                throw byte == HTTP1ByteClass.comma ? .duplicateContentLength : .invalidContentLength
            }
            let (times10, overflow1) = result.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(byte &- 0x30))
            guard !overflow1, !overflow2 else { throw .invalidContentLength }
            result = sum
        }
        return result
    }
}
