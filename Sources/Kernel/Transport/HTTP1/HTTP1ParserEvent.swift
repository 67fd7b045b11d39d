/// One part of a parsed request, in order: `head`, zero or more `body`, then `end`.
public enum HTTP1ParserEvent: Hashable, Sendable {
    /// The validated request head.
    case head(HTTP1RequestHead)
    /// A piece of the (de-chunked) body; pieces follow the read boundaries.
    case body([UInt8])
    /// The request is complete (after its body, or right after the head when it has none).
    case end
}
