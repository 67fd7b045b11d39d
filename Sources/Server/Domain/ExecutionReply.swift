import Kernel

/// An execution as the REST routes send it: the same JSON as ``Execution``, with `result` and `input`
/// copied from the text the store holds instead of parsed and encoded again.
///
/// A list of 100 executions whose documents are near the body limit is about 100 MB of JSON: parsed
/// into trees and encoded back, it held the store's thread and an event loop for seconds; copied, it
/// takes milliseconds.
///
/// ```swift
/// let replies = try await store.listExecutionReplies(workflowId: id, limit: 50)
/// reply.send(json: replies)
/// ```
public struct ExecutionReply: Encodable, Sendable, Equatable {
    /// Every field but the documents: `result` and `input` are nil here.
    public var execution: Execution
    /// The stored `result` text, or nil.
    public var result: JSONFragment?
    /// The stored `input` text, or nil.
    public var input: JSONFragment?

    /// A reply for `execution`'s fields with the stored documents.
    public init(_ execution: Execution, result: JSONFragment?, input: JSONFragment?) {
        self.execution = execution
        self.execution.result = nil
        self.execution.input = nil
        self.result = result
        self.input = input
    }

    /// Writes every key of ``Execution``, in its order, `null` for absent values.
    public func encode(to encoder: any Encoder) throws {
        try execution.encode(to: encoder, result: result, input: input)
    }
}
