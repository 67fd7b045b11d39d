/// Route methods for handlers that never suspend: a closure with no `await` lands here.
///
/// ```swift
/// try app.get("/json") { _, reply in reply.send(json: ["hello": "world"]) }          // synchronous
/// try app.get("/user/:id") { request, reply in reply.send(json: try await load(request)) }  // async
/// ```
///
/// Both behave the same; a synchronous route whose request hooks are synchronous too is answered with no
/// async step, so it costs less per request.
extension Scope {
    /// Declares a route from its parts, with a synchronous handler.
    public func route(
        _ method: HTTPMethod, _ path: String, bodyLimit: Int? = nil, config: [String: String] = [:],
        hooks: [Hook: [RequestHook]] = [:], handler: @escaping SynchronousHandler
    ) throws {
        try route(RouteOptions(method: method, path: path, prefix: prefix, bodyLimit: bodyLimit, config: config, hooks: hooks, handler: handler))
    }
    /// Declares a GET route (and, unless disabled, its HEAD twin) with a synchronous handler.
    public func get(_ path: String, bodyLimit: Int? = nil, config: [String: String] = [:], hooks: [Hook: [RequestHook]] = [:], _ handler: @escaping SynchronousHandler) throws {
        try route(.get, path, bodyLimit: bodyLimit, config: config, hooks: hooks, handler: handler)
    }
    /// Declares a POST route with a synchronous handler.
    public func post(_ path: String, bodyLimit: Int? = nil, config: [String: String] = [:], hooks: [Hook: [RequestHook]] = [:], _ handler: @escaping SynchronousHandler) throws {
        try route(.post, path, bodyLimit: bodyLimit, config: config, hooks: hooks, handler: handler)
    }
    /// Declares a PUT route with a synchronous handler.
    public func put(_ path: String, bodyLimit: Int? = nil, config: [String: String] = [:], hooks: [Hook: [RequestHook]] = [:], _ handler: @escaping SynchronousHandler) throws {
        try route(.put, path, bodyLimit: bodyLimit, config: config, hooks: hooks, handler: handler)
    }
    /// Declares a PATCH route with a synchronous handler.
    public func patch(_ path: String, bodyLimit: Int? = nil, config: [String: String] = [:], hooks: [Hook: [RequestHook]] = [:], _ handler: @escaping SynchronousHandler) throws {
        try route(.patch, path, bodyLimit: bodyLimit, config: config, hooks: hooks, handler: handler)
    }
    /// Declares a DELETE route with a synchronous handler.
    public func delete(_ path: String, bodyLimit: Int? = nil, config: [String: String] = [:], hooks: [Hook: [RequestHook]] = [:], _ handler: @escaping SynchronousHandler) throws {
        try route(.delete, path, bodyLimit: bodyLimit, config: config, hooks: hooks, handler: handler)
    }
    /// Declares a HEAD route with a synchronous handler.
    public func head(_ path: String, config: [String: String] = [:], hooks: [Hook: [RequestHook]] = [:], _ handler: @escaping SynchronousHandler) throws {
        try route(.head, path, config: config, hooks: hooks, handler: handler)
    }
    /// Declares an OPTIONS route with a synchronous handler.
    public func options(_ path: String, config: [String: String] = [:], hooks: [Hook: [RequestHook]] = [:], _ handler: @escaping SynchronousHandler) throws {
        try route(.options, path, config: config, hooks: hooks, handler: handler)
    }
    /// Declares a GET route whose synchronous closure returns the reply content.
    public func get(_ path: String, config: [String: String] = [:], _ handler: @escaping @Sendable (Request) throws -> some ReplyConvertible) throws {
        try route(.get, path, config: config) { request, reply in try handler(request).write(to: &reply) }
    }
    /// Declares a POST route whose synchronous closure returns the reply content.
    public func post(_ path: String, config: [String: String] = [:], _ handler: @escaping @Sendable (Request) throws -> some ReplyConvertible) throws {
        try route(.post, path, config: config) { request, reply in try handler(request).write(to: &reply) }
    }
    /// Declares the route for every supported method, with a synchronous handler.
    public func all(_ path: String, config: [String: String] = [:], hooks: [Hook: [RequestHook]] = [:], _ handler: @escaping SynchronousHandler) throws {
        for method in HTTPMethod.supported where method != .head {
            try route(RouteOptions(method: method, path: path, prefix: prefix, exposeHeadRoute: true, config: config, hooks: hooks, handler: handler))
        }
    }
}
