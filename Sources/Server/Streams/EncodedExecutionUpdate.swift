import Kernel
import Plugins

/// An `execution-update` message with everything but its timestamp encoded once.
///
/// The hub makes one for every published state, so a state reaches any number of execution streams, and
/// every heartbeat of each, without being encoded again: a final state with a 1 MiB `result` costs one
/// encoding, not one per subscriber. A published state also carries its message stamped at publication and
/// framed once, which every stream sends as it is; a heartbeat appends its own timestamp to the fields.
///
/// ```swift
/// let update = EncodedExecutionUpdate(execution)
/// try await socket.send(text: try update.text())   // {"type":"execution-update",…,"timestamp":"…"}
/// ```
public struct EncodedExecutionUpdate: Sendable {
    /// The saved state the messages report.
    public let execution: Execution
    /// The message's JSON up to, not including, `,"timestamp":…}`; nil when the state cannot be written as
    /// JSON (a non-finite number, which only a state the store refused can hold).
    let fields: [UInt8]?
    /// The message stamped when the state was published, framed once for every stream it reaches; nil for a
    /// snapshot read from the store (one stream's first message) and for a state JSON cannot write.
    let published: WebSocketPreparedMessage?

    /// Encodes the fields of `execution`'s update message, and frames the message stamped `publishedAt`.
    public init(_ execution: Execution, publishedAt timestamp: Timestamp = .now()) {
        self.execution = execution
        let fields = Self.encode(Fields(execution: execution, result: execution.result))
        self.fields = fields
        published = fields.map { WebSocketPreparedMessage(text: Self.text(fields: $0, at: timestamp)) }
    }

    /// Encodes the fields of a stored execution's update message, copying its stored `result` text
    /// (a stream's first message, which may report a finished execution's large result).
    public init(_ stored: ExecutionReply) {
        execution = stored.execution
        fields = Self.encode(Fields(execution: stored.execution, result: stored.result))
        published = nil
    }

    private static func encode(_ fields: some Encodable) -> [UInt8]? {
        (try? JSONCoding.encode(fields)).map { $0.dropLast() }
    }

    /// The message's frame text, stamped `timestamp`; the same text as
    /// `StreamMessage.text(ExecutionUpdateMessage(execution, timestamp: timestamp))`.
    /// - Throws: the encoding error when the state holds a value JSON cannot write.
    public func text(at timestamp: Timestamp = .now()) throws -> String {
        guard let fields else { return try StreamMessage.text(ExecutionUpdateMessage(execution, timestamp: timestamp)) }
        return Self.text(fields: fields, at: timestamp)
    }

    /// `fields`, then the timestamp and the closing brace.
    private static func text(fields: [UInt8], at timestamp: Timestamp) -> String {
        let tail = Array(#","timestamp":"\#(timestamp.iso8601)"}"#.utf8)
        return String(unsafeUninitializedCapacity: fields.count + tail.count) { buffer in
            let end = buffer.initialize(fromContentsOf: fields)
            return end + UnsafeMutableBufferPointer(rebasing: buffer[end...]).initialize(fromContentsOf: tail)
        }
    }

    /// The message without its timestamp: the object ``ExecutionUpdateMessage`` writes, short of its last key.
    private struct Fields<Result: Encodable>: Encodable {
        let execution: Execution
        let result: Result?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: ExecutionField.self)
            try ExecutionUpdateMessage.encodeFields(of: execution, result: result, into: &container)
        }
    }
}
