/// Size limits the HTTP/1.1 request parser enforces before it buffers or emits anything.
///
/// Every limit is checked at a fixed byte position, so a request is rejected at the same
/// point (with the same status) however the bytes are split across reads.
///
/// ```swift
/// var limits = HTTP1ParserLimits()
/// limits.maxChunkedBodySize = 8 << 20   // allow 8 MiB chunked uploads
/// var parser = HTTP1Parser(limits: limits)
/// ```
public struct HTTP1ParserLimits: Sendable, Equatable {
    /// Longest request-line, excluding its CRLF; one byte more answers 414 (nginx's 8 KiB buffer counts the CRLF, so it
    /// answers 414 two bytes sooner).
    public var maxRequestLineLength: Int
    /// Largest header section (every field line and the final empty line, CRLFs included); more answers 431.
    public var maxHeaderSectionSize: Int
    /// Most header (or trailer) field lines per message; one more answers 431.
    public var maxHeaderCount: Int
    /// Largest sum of chunk-data sizes in one chunked body; more answers 413.
    public var maxChunkedBodySize: Int
    /// Longest chunk-size line (size digits plus extensions, excluding CRLF); more answers 400.
    public var maxChunkLineLength: Int
    /// Most empty lines (CRLF) ignored before a request-line (RFC 9112 §2.2); one more answers 400.
    public var maxLeadingEmptyLines: Int

    /// Creates limits; the defaults match nginx's `large_client_header_buffers 4 8k` spirit.
    public init(
        maxRequestLineLength: Int = 8192,
        maxHeaderSectionSize: Int = 16384,
        maxHeaderCount: Int = 100,
        maxChunkedBodySize: Int = 1 << 20,
        maxChunkLineLength: Int = 4096,
        maxLeadingEmptyLines: Int = 8
    ) {
        self.maxRequestLineLength = maxRequestLineLength
        self.maxHeaderSectionSize = maxHeaderSectionSize
        self.maxHeaderCount = maxHeaderCount
        self.maxChunkedBodySize = maxChunkedBodySize
        self.maxChunkLineLength = maxChunkLineLength
        self.maxLeadingEmptyLines = maxLeadingEmptyLines
    }
}
