extension CompiledApplication {
    /// Runs the whole lifecycle for one request, up to and including `onSend`, and returns the reply to write.
    ///
    /// After writing it, the caller runs ``didRespond(_:_:)`` for the `onResponse` hooks.
    /// ``Reply/body`` is final; a HEAD reply carries the GET body's `content-length` and no body.
    public nonisolated(nonsending) func handle(_ request: inout Request) async -> Reply {
        var reply = Reply(start: request.start)
        await handle(&request, into: &reply)
        return reply
    }

    /// ``handle(_:)`` into a reply the caller holds (a fresh `Reply(start: request.start)`), so no
    /// reply is copied on the way out. It runs what it can in ``handleWithoutSuspending(_:into:)`` and awaits
    /// ``resume(_:_:_:)`` only for what is left.
    nonisolated(nonsending) func handle(_ request: inout Request, into reply: inout Reply) async {
        let progress = handleWithoutSuspending(&request, into: &reply)
        if case .finished = progress { return }
        await resume(progress, &request, &reply)
    }

    /// Finds the route and prepares the request and the reply for it; `nil` when the framework answered
    /// at once in `reply` (bad URL, parameter too long, closing).
    func begin(_ request: inout Request, _ reply: inout Reply) -> CompiledRoute? {
        let pathEnd = Request.pathEnd(of: request.url)
        request.routedPathEnd = pathEnd
        let path = Request.path(of: request.url, endingAt: pathEnd)
        let route: CompiledRoute
        switch lookup(request.method, path) {
        case .matched(let index, let parameters):
            route = routes[index]
            request.params = parameters
        case .badURL:
            reply = DefaultHandlers.frameworkError(.badURL, String(path), start: request.start)
            return nil
        case .paramTooLong:
            reply = DefaultHandlers.frameworkError(.maxParamLength, String(path), start: request.start)
            return nil
        case .notFound:
            route = notFoundRoute(for: path)
            request.is404 = true
        }
        if options.return503OnClosing, closing.load(ordering: .relaxed) {
            reply = DefaultHandlers.closing(start: request.start)
            return nil
        }
        request.route = route
        request.application = self
        reply.route = route
        if let preset = route.presetReplyHeaders { reply.headers.start(with: preset) }
        return route
    }

    /// Runs `onResponse` hooks after the reply was written; errors there are ignored, as in Fastify.
    @inline(never)
    public nonisolated(nonsending) func didRespond(_ request: Request, _ reply: Reply) async {
        guard let hooks = reply.route?.onResponse else { return }
        var request = request, reply = reply
        try? await hooks.runAll(&request, &reply)
    }

    /// Runs `onTimeout` hooks; nothing can be sent any more.
    @inline(never)
    public nonisolated(nonsending) func didTimeOut(_ request: Request, _ reply: Reply) async {
        guard let hooks = (reply.route ?? route(for: request)).onTimeout else { return }
        var request = request, reply = reply
        try? await hooks.runAll(&request, &reply)
    }

    /// Runs `onRequestAbort` hooks: the client went away before the reply was written.
    @inline(never)
    public nonisolated(nonsending) func didAbort(_ request: Request, _ reply: Reply) async {
        guard let hooks = (reply.route ?? route(for: request)).onRequestAbort else { return }
        var request = request, reply = reply
        try? await hooks.runAll(&request, &reply)
    }

    /// Whether a request for `method` and `path` would be routed, and to which pattern.
    public func findRoute(_ method: HTTPMethod, _ path: String) -> String? {
        if case .matched(let index, _) = lookup(method, path[...]) { return routes[index].pattern }
        return nil
    }

    /// The route (or not-found context) a request maps to.
    func route(for request: Request) -> CompiledRoute {
        if case .matched(let index, _) = lookup(request.method, request.path) { return routes[index] }
        return notFoundRoute(for: request.path)
    }

    /// The `config` of the route `method` and `path` reach, if one does.
    func routeConfig(_ method: HTTPMethod, _ path: Substring) -> [String: String]? {
        if case .matched(let index, _) = lookup(method, path) { return routes[index].config }
        return nil
    }

    /// The body limit of the route a request for `method` and `url` reaches (its not-found level's when none
    /// matches). The transport refuses a longer declared body with 413 before reading it, as Fastify does.
    public func bodyLimit(method: HTTPMethod, url: String) -> Int {
        let path = Request.path(of: url)
        switch lookup(method, path) {
        case .matched(let index, _): return routes[index].bodyLimit
        case .notFound: return notFoundRoute(for: path).bodyLimit
        case .badURL, .paramTooLong: return options.bodyLimit
        }
    }

    @inline(__always)
    private func lookup(_ method: HTTPMethod, _ path: Substring) -> RouteLookup<Int> {
        for entry in tables where entry.method == method { return entry.table.lookup(path) }
        return .notFound
    }

    /// onRequest → preParsing → parse → preValidation → preHandler → handler; each step skipped once the reply is sent.
    /// A `callNotFound()` from any of them hands the request to the 404 level.
    @inline(__always)
    nonisolated(nonsending) func runRequestPhases(_ route: CompiledRoute, _ request: inout Request, _ reply: inout Reply) async throws {
        phases: do {
            if let hooks = route.onRequest { try await hooks.run(&request, &reply); if reply.isSent { break phases } }
            if let hooks = route.preParsing { try await hooks.run(&request, &reply); if reply.isSent { break phases } }
            if request.method.carriesBody { try await parseBody(route, &request, &reply) }
            if let hooks = route.preValidation { try await hooks.run(&request, &reply); if reply.isSent { break phases } }
            if let hooks = route.preHandler { try await hooks.run(&request, &reply); if reply.isSent { break phases } }
            if let timeout = options.handlerTimeout {
                try await runHandler(route, request, &reply, timeout: timeout)
            } else {
                try await route.handler(request, &reply)
            }
        }
        if reply.wantsNotFound { try await runNotFound(&request, &reply) }
        if !reply.isSent { reply.send() }
    }

    /// `reply.callNotFound()`: the 404 level's `preHandler` hooks and handler answer instead.
    ///
    /// Called again from the 404 level itself (its hooks or handler), it answers a plain-text `404 Not Found`, as Fastify does.
    @inline(never)
    nonisolated(nonsending) func runNotFound(_ request: inout Request, _ reply: inout Reply) async throws {
        reply.wantsNotFound = false
        reply.isSent = false
        if !request.is404 {
            let notFound = notFoundRoute(for: request.path)
            request.is404 = true
            phases: do {
                if let hooks = notFound.preHandler { try await hooks.run(&request, &reply); if reply.isSent { break phases } }
                try await notFound.handler(request, &reply)
            }
            guard reply.wantsNotFound else { return }
            reply.wantsNotFound = false
            reply.isSent = false
        }
        reply.status = .notFound
        reply.send("404 Not Found")
    }

    /// Runs the handler against `handlerTimeout`, in a task that prefers the request's connection loop.
    @inline(never)
    private nonisolated(nonsending) func runHandler(_ route: CompiledRoute, _ request: Request, _ reply: inout Reply, timeout: Duration) async throws {
        let start = reply
        let outcome = await withTimeLimit(timeout, preferring: request.executor) { () async -> Result<Reply, any Error> in
            var local = start
            do { try await route.handler(request, &local); return .success(local) } catch { return .failure(error) }
        }
        switch outcome {
        case .success(let finished): reply = finished
        case .failure(let error): throw error
        case nil: throw KernelError(.handlerTimeout)
        }
    }
}
