extension Scope {
    /// Declares a route. The path is joined to the scope's prefix; `onRoute` hooks see and may change it.
    ///
    /// Throws `FST_ERR_DUPLICATED_ROUTE` when the method and path are taken, and
    /// `FST_ERR_INSTANCE_ALREADY_STARTED` after `ready()`.
    public func route(_ options: RouteOptions) throws {
        try ensureNotStarted("route")
        guard !options.path.isEmpty else { throw KernelError(.invalidRoute, "The path could not be empty") }
        var options = options
        let joined = Self.join(prefix, options.path)
        options.url = joined
        for hook in onRouteHooks { try hook(&options) }
        for url in options.url == joined ? urls(for: options.path) : [options.url] {
            var resolved = options
            resolved.url = url
            try insert(resolved, isAutoHead: false)
            let exposeHead = options.exposeHeadRoute ?? state.options.exposeHeadRoutes
            if resolved.method == .get, exposeHead {
                var head = resolved
                head.method = .head
                try? insert(head, isAutoHead: true)
            }
        }
    }

    /// Declares a route from its parts.
    public func route(
        _ method: HTTPMethod, _ path: String, bodyLimit: Int? = nil, config: [String: String] = [:],
        hooks: [Hook: [RequestHook]] = [:], handler: @escaping Handler
    ) throws {
        try route(RouteOptions(method: method, path: path, prefix: prefix, bodyLimit: bodyLimit, config: config, hooks: hooks, handler: handler))
    }

    /// A prefixed `/` route answers both `/prefix` and `/prefix/`; a prefix ending in `/` answers only itself, and
    /// with `ignoreTrailingSlash` (where the two are one route) only `/prefix` is declared, as in Fastify.
    func urls(for path: String) -> [String] {
        guard !prefix.isEmpty, path == "/" else { return [Self.join(prefix, path)] }
        if prefix.hasSuffix("/") || state.options.router.ignoreTrailingSlash { return [prefix] }
        return [prefix, prefix + "/"]
    }

    private func insert(_ options: RouteOptions, isAutoHead: Bool) throws {
        var builder = state.builders[options.method] ?? RouteTrieBuilder<Int>(options: state.options.router)
        do {
            try builder.insert(options.url, state.routes.count)
        } catch {
            if error.kind == .duplicateRoute { throw KernelError(.duplicatedRoute, options.method.rawValue, options.url) }
            throw KernelError(.invalidRoute, message: String(describing: error))
        }
        state.builders[options.method] = builder
        state.routes.append((options, self, isAutoHead))
    }
}

extension Scope {
    /// Declares a GET route (and, unless disabled, its HEAD twin).
    public func get(_ path: String, bodyLimit: Int? = nil, config: [String: String] = [:], hooks: [Hook: [RequestHook]] = [:], _ handler: @escaping Handler) throws {
        try route(.get, path, bodyLimit: bodyLimit, config: config, hooks: hooks, handler: handler)
    }
    /// Declares a POST route.
    public func post(_ path: String, bodyLimit: Int? = nil, config: [String: String] = [:], hooks: [Hook: [RequestHook]] = [:], _ handler: @escaping Handler) throws {
        try route(.post, path, bodyLimit: bodyLimit, config: config, hooks: hooks, handler: handler)
    }
    /// Declares a PUT route.
    public func put(_ path: String, bodyLimit: Int? = nil, config: [String: String] = [:], hooks: [Hook: [RequestHook]] = [:], _ handler: @escaping Handler) throws {
        try route(.put, path, bodyLimit: bodyLimit, config: config, hooks: hooks, handler: handler)
    }
    /// Declares a PATCH route.
    public func patch(_ path: String, bodyLimit: Int? = nil, config: [String: String] = [:], hooks: [Hook: [RequestHook]] = [:], _ handler: @escaping Handler) throws {
        try route(.patch, path, bodyLimit: bodyLimit, config: config, hooks: hooks, handler: handler)
    }
    /// Declares a DELETE route.
    public func delete(_ path: String, bodyLimit: Int? = nil, config: [String: String] = [:], hooks: [Hook: [RequestHook]] = [:], _ handler: @escaping Handler) throws {
        try route(.delete, path, bodyLimit: bodyLimit, config: config, hooks: hooks, handler: handler)
    }
    /// Declares a HEAD route; declared before the GET of the same path, it replaces the automatic one.
    public func head(_ path: String, config: [String: String] = [:], hooks: [Hook: [RequestHook]] = [:], _ handler: @escaping Handler) throws {
        try route(.head, path, config: config, hooks: hooks, handler: handler)
    }
    /// Declares an OPTIONS route.
    public func options(_ path: String, config: [String: String] = [:], hooks: [Hook: [RequestHook]] = [:], _ handler: @escaping Handler) throws {
        try route(.options, path, config: config, hooks: hooks, handler: handler)
    }
    /// Declares the route for every supported method.
    public func all(_ path: String, config: [String: String] = [:], hooks: [Hook: [RequestHook]] = [:], _ handler: @escaping Handler) throws {
        for method in HTTPMethod.supported where method != .head {
            try route(RouteOptions(method: method, path: path, prefix: prefix, exposeHeadRoute: true, config: config, hooks: hooks, handler: handler))
        }
    }
    /// Declares a GET route whose closure returns the reply content.
    public func get(_ path: String, config: [String: String] = [:], _ handler: nonisolated(nonsending) @escaping @Sendable (Request) async throws -> some ReplyConvertible) throws {
        try route(.get, path, config: config) { request, reply in try await handler(request).write(to: &reply) }
    }
    /// Declares a POST route whose closure returns the reply content.
    public func post(_ path: String, config: [String: String] = [:], _ handler: nonisolated(nonsending) @escaping @Sendable (Request) async throws -> some ReplyConvertible) throws {
        try route(.post, path, config: config) { request, reply in try await handler(request).write(to: &reply) }
    }
}
