/// Why the HTTP/1.1 parser rejected a request, and which status the connection should answer with
/// before closing.
///
/// Compare against the static members: `error == .contentLengthWithTransferEncoding`.
/// Two errors are equal when their kind is equal.
public struct HTTP1ParseError: Error, Hashable, Sendable, CustomStringConvertible {
    enum Kind: Hashable, Sendable {
        case invalidMethod, invalidTarget, invalidVersion, unsupportedVersion
        case invalidRequestLine, requestLineTooLong, tooManyEmptyLines
        case bareLineFeed, bareCarriageReturn, obsoleteLineFolding
        case invalidHeaderName, whitespaceBeforeColon, invalidHeaderValue
        case headerSectionTooLarge, tooManyHeaders
        case missingHost, duplicateHost, invalidHost
        case invalidContentLength, duplicateContentLength, contentLengthWithTransferEncoding
        case transferEncodingInHTTP10, invalidTransferEncoding, chunkedNotFinal, chunkedAppliedTwice, unsupportedTransferCoding
        case invalidChunkSize, chunkSizeOverflow, invalidChunkExtension, chunkLineTooLong
        case missingChunkDataTerminator, invalidTrailer, chunkedBodyTooLarge
    }

    let kind: Kind

    /// The status a server answers with before closing: 400, 413, 414, 431, 501 or 505.
    public var status: Int {
        switch kind {
        case .requestLineTooLong: 414
        case .headerSectionTooLarge, .tooManyHeaders: 431
        case .chunkedBodyTooLarge: 413
        case .unsupportedTransferCoding: 501
        case .unsupportedVersion: 505
        default: 400
        }
    }

    /// A short human-readable reason, suitable for logs (never echo request bytes back).
    public var reason: String {
        switch kind {
        case .invalidMethod: "invalid method token"
        case .invalidTarget: "invalid request-target"
        case .invalidVersion: "malformed HTTP-version"
        case .unsupportedVersion: "HTTP version not supported (only HTTP/1.x)"
        case .invalidRequestLine: "malformed request-line"
        case .requestLineTooLong: "request-line too long"
        case .tooManyEmptyLines: "too many empty lines before request-line"
        case .bareLineFeed: "bare LF used as line terminator"
        case .bareCarriageReturn: "bare CR not followed by LF"
        case .obsoleteLineFolding: "obsolete line folding (or whitespace before first field)"
        case .invalidHeaderName: "invalid character in field name"
        case .whitespaceBeforeColon: "whitespace between field name and colon"
        case .invalidHeaderValue: "invalid character in field value"
        case .headerSectionTooLarge: "header section too large"
        case .tooManyHeaders: "too many header fields"
        case .missingHost: "HTTP/1.1 request without Host"
        case .duplicateHost: "more than one Host field"
        case .invalidHost: "invalid Host field value"
        case .invalidContentLength: "invalid Content-Length"
        case .duplicateContentLength: "more than one Content-Length value"
        case .contentLengthWithTransferEncoding: "both Content-Length and Transfer-Encoding"
        case .transferEncodingInHTTP10: "Transfer-Encoding in an HTTP/1.0 request"
        case .invalidTransferEncoding: "malformed Transfer-Encoding list"
        case .chunkedNotFinal: "Transfer-Encoding does not end with chunked"
        case .chunkedAppliedTwice: "chunked applied more than once"
        case .unsupportedTransferCoding: "unsupported transfer coding"
        case .invalidChunkSize: "invalid chunk size"
        case .chunkSizeOverflow: "chunk size overflows"
        case .invalidChunkExtension: "invalid chunk extension"
        case .chunkLineTooLong: "chunk-size line too long"
        case .missingChunkDataTerminator: "chunk data not followed by CRLF"
        case .invalidTrailer: "invalid trailer section"
        case .chunkedBodyTooLarge: "chunked body too large"
        }
    }

    /// `"<status> <reason>"`, for logs.
    public var description: String { "\(status) \(reason)" }

    /// The method is empty or holds a non-token character.
    public static let invalidMethod = Self(kind: .invalidMethod)
    /// The request-target has a forbidden byte or does not fit the method's form.
    public static let invalidTarget = Self(kind: .invalidTarget)
    /// The HTTP-version is not `HTTP/DIGIT.DIGIT`.
    public static let invalidVersion = Self(kind: .invalidVersion)
    /// The HTTP-version is well formed but not 1.0 or 1.1 (505).
    public static let unsupportedVersion = Self(kind: .unsupportedVersion)
    /// The request-line separators are wrong (not exactly one SP, missing parts).
    public static let invalidRequestLine = Self(kind: .invalidRequestLine)
    /// The request-line exceeds `maxRequestLineLength` (414).
    public static let requestLineTooLong = Self(kind: .requestLineTooLong)
    /// More than `maxLeadingEmptyLines` CRLFs preceded the request-line.
    public static let tooManyEmptyLines = Self(kind: .tooManyEmptyLines)
    /// A line ended with LF alone.
    public static let bareLineFeed = Self(kind: .bareLineFeed)
    /// A CR was not followed by LF.
    public static let bareCarriageReturn = Self(kind: .bareCarriageReturn)
    /// A field line began with SP or HTAB.
    public static let obsoleteLineFolding = Self(kind: .obsoleteLineFolding)
    /// A field name held a non-token character.
    public static let invalidHeaderName = Self(kind: .invalidHeaderName)
    /// Whitespace appeared between a field name and its colon.
    public static let whitespaceBeforeColon = Self(kind: .whitespaceBeforeColon)
    /// A field value held NUL, a control character or DEL.
    public static let invalidHeaderValue = Self(kind: .invalidHeaderValue)
    /// The header section exceeds `maxHeaderSectionSize` (431).
    public static let headerSectionTooLarge = Self(kind: .headerSectionTooLarge)
    /// More than `maxHeaderCount` field lines (431).
    public static let tooManyHeaders = Self(kind: .tooManyHeaders)
    /// An HTTP/1.1 request had no Host field.
    public static let missingHost = Self(kind: .missingHost)
    /// More than one Host field line.
    public static let duplicateHost = Self(kind: .duplicateHost)
    /// The Host value (or absolute-form authority) is not a valid host[:port].
    public static let invalidHost = Self(kind: .invalidHost)
    /// Content-Length is not 1*DIGIT or overflows `Int`.
    public static let invalidContentLength = Self(kind: .invalidContentLength)
    /// Content-Length appeared more than once, or as a list.
    public static let duplicateContentLength = Self(kind: .duplicateContentLength)
    /// Both Content-Length and Transfer-Encoding were sent.
    public static let contentLengthWithTransferEncoding = Self(kind: .contentLengthWithTransferEncoding)
    /// Transfer-Encoding was sent in an HTTP/1.0 request.
    public static let transferEncodingInHTTP10 = Self(kind: .transferEncodingInHTTP10)
    /// Transfer-Encoding has an empty or malformed list element, or parameters on `chunked`.
    public static let invalidTransferEncoding = Self(kind: .invalidTransferEncoding)
    /// The final transfer coding is not `chunked` (RFC 9112 §6.3: 400).
    public static let chunkedNotFinal = Self(kind: .chunkedNotFinal)
    /// `chunked` appears more than once.
    public static let chunkedAppliedTwice = Self(kind: .chunkedAppliedTwice)
    /// A coding other than `chunked` precedes it (501, as nginx).
    public static let unsupportedTransferCoding = Self(kind: .unsupportedTransferCoding)
    /// A chunk-size is empty or not hexadecimal.
    public static let invalidChunkSize = Self(kind: .invalidChunkSize)
    /// A chunk-size does not fit in `Int`.
    public static let chunkSizeOverflow = Self(kind: .chunkSizeOverflow)
    /// A chunk extension breaks the RFC 9112 §7.1.1 grammar.
    public static let invalidChunkExtension = Self(kind: .invalidChunkExtension)
    /// A chunk-size line exceeds `maxChunkLineLength`.
    public static let chunkLineTooLong = Self(kind: .chunkLineTooLong)
    /// Chunk data was not followed by exactly CRLF.
    public static let missingChunkDataTerminator = Self(kind: .missingChunkDataTerminator)
    /// A trailer field line is malformed.
    public static let invalidTrailer = Self(kind: .invalidTrailer)
    /// The chunked body exceeds `maxChunkedBodySize` (413).
    public static let chunkedBodyTooLarge = Self(kind: .chunkedBodyTooLarge)
}
