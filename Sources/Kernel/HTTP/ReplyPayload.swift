/// What a handler or hook sent, before serialization.
public enum ReplyPayload: Sendable {
    /// Nothing: an empty body.
    case empty
    /// Text; `text/plain; charset=utf-8` unless a content type is set.
    case text(String)
    /// Bytes; `application/octet-stream` unless a content type is set.
    case bytes([UInt8])
    /// A value serialized as JSON after `preSerialization`.
    case json(any Encodable & Sendable)
    /// A chunked stream of bytes (server-sent events and downloads); no content type is added.
    case stream(ReplyStream)
    /// An error, answered by the error handler chain.
    case error(any Error)
}

/// The body that goes on the wire, after serialization; `onSend` hooks may replace it.
public enum ReplyBody: Sendable {
    /// No body.
    case empty
    /// A complete body; the transport frames it with `Content-Length`.
    case bytes([UInt8])
    /// A body produced over time; the transport frames it with chunked encoding.
    case stream(ReplyStream)

    /// The bytes, when the body is complete.
    public var bytes: [UInt8]? { if case .bytes(let value) = self { value } else { nil } }
}

/// An asynchronous source of body chunks.
public struct ReplyStream: Sendable {
    /// `AsyncStream` is not `@frozen`: held directly, it would make `ReplyPayload`, `ReplyBody` and `Reply`
    /// types whose size is only known at run time. Behind a reference they stay plain values.
    private final class Storage: Sendable {
        let chunks: AsyncStream<[UInt8]>
        init(_ chunks: AsyncStream<[UInt8]>) { self.chunks = chunks }
    }

    private let storage: Storage

    /// The chunks, in order; the reply ends when the sequence ends.
    public var chunks: AsyncStream<[UInt8]> { storage.chunks }

    /// Wraps a stream of chunks.
    public init(_ chunks: AsyncStream<[UInt8]>) { storage = Storage(chunks) }
}
