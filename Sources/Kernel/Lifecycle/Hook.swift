/// A request-lifecycle phase a hook can attach to, in the order they run.
///
/// `onRequest → preParsing → (parse) → preValidation → preHandler → (handler) → preSerialization → onSend → onResponse`,
/// with `onError` before the error handler, and `onTimeout` / `onRequestAbort` on connection events.
public enum Hook: Int, CaseIterable, Sendable, CustomStringConvertible {
    /// After routing; the body is not read yet. May end the request by sending.
    case onRequest
    /// Before the body is parsed; may replace ``Request/rawBody``.
    case preParsing
    /// After parsing, before validation; may replace ``Request/body``.
    case preValidation
    /// The last step before the handler.
    case preHandler
    /// Before a `.json` payload is serialized; may replace ``Reply/payload``.
    case preSerialization
    /// Before the response is written, on every path (errors and 404s too); may replace ``Reply/body``.
    case onSend
    /// After the response was written; cannot change it.
    case onResponse
    /// Before the error handler; may add headers, must not send.
    case onError
    /// The request exceeded its time limit; nothing can be sent.
    case onTimeout
    /// The client went away before the response was written.
    case onRequestAbort

    /// The hook's name as Fastify spells it.
    public var description: String {
        switch self {
        case .onRequest: "onRequest"
        case .preParsing: "preParsing"
        case .preValidation: "preValidation"
        case .preHandler: "preHandler"
        case .preSerialization: "preSerialization"
        case .onSend: "onSend"
        case .onResponse: "onResponse"
        case .onError: "onError"
        case .onTimeout: "onTimeout"
        case .onRequestAbort: "onRequestAbort"
        }
    }
}

/// A request hook: changes the request and reply in place; sending ends the request early; throwing takes the error path.
///
/// Hooks, handlers and parsers are `nonisolated(nonsending)`: they run on the caller's executor (the connection's
/// event loop), so calling one costs no executor switch.
public typealias RequestHook = nonisolated(nonsending) @Sendable (_ request: inout Request, _ reply: inout Reply) async throws -> Void

/// A request hook that never suspends. ``Scope/addHook(_:_:)-(Hook,SynchronousRequestHook)`` takes it for a
/// closure with no `await`, so the kernel calls it directly: no async frame, no executor check, and a route
/// whose `onSend` hooks are all synchronous is finished without an async step.
public typealias SynchronousRequestHook = @Sendable (_ request: inout Request, _ reply: inout Reply) throws -> Void

/// A route handler: answers with `reply.send(...)`; a handler that sends nothing answers 200 with an empty body.
public typealias Handler = nonisolated(nonsending) @Sendable (_ request: Request, _ reply: inout Reply) async throws -> Void

/// A route handler that never suspends. The route methods take it for a closure with no `await`; when the
/// route's request hooks are synchronous too, a request runs from routing to the framed reply with no async step,
/// and over `listen()` it may run on the event loop outside any task (no task-locals, no cancellation).
public typealias SynchronousHandler = @Sendable (_ request: Request, _ reply: inout Reply) throws -> Void

/// A scope's error handler: answers `error`; throwing or sending an error passes it to the parent scope's handler.
public typealias ErrorHandler = nonisolated(nonsending) @Sendable (_ error: any Error, _ request: Request, _ reply: inout Reply) async throws -> Void

/// An application-level hook, run at `ready()`, `listen()` or `close()`.
public enum ApplicationHook: Sendable, CustomStringConvertible {
    /// Once, on the first `ready()`, root first then children in registration order.
    case onReady
    /// After the server is listening; errors are ignored.
    case onListen
    /// First step of `close()`, root first; in-flight requests still run.
    case preClose
    /// Last step of `close()`, in reverse registration order.
    case onClose

    /// The hook's name as Fastify spells it.
    public var description: String {
        switch self {
        case .onReady: "onReady"
        case .onListen: "onListen"
        case .preClose: "preClose"
        case .onClose: "onClose"
        }
    }
}

/// An application hook's body.
public typealias LifecycleHook = @Sendable () async throws -> Void
