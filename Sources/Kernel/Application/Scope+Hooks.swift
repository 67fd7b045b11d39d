extension Scope {
    /// Adds a request hook for `phase` to this scope; it runs for this scope's routes and its children's.
    ///
    /// Hooks run in registration order across the scope chain, so a parent's hook added before a
    /// child plugin runs before the child's hooks; route-level hooks run last.
    public func addHook(_ phase: Hook, _ hook: @escaping RequestHook) throws {
        try ensureNotStarted("hook")
        hooks.add(phase, sequence: state.nextSequence(), .suspending(hook))
    }

    /// Adds a request-lifecycle hook that never suspends; a hook closure with no `await` lands here.
    ///
    /// It runs in registration order with the other hooks of the phase, exactly like an async one,
    /// but is called directly: no async frame and no executor check per request.
    ///
    /// ```swift
    /// try app.addHook(.onSend) { _, reply in reply.headers["x-served-by"] = "swallow" }
    /// ```
    public func addHook(_ phase: Hook, _ hook: @escaping SynchronousRequestHook) throws {
        try ensureNotStarted("hook")
        hooks.add(phase, sequence: state.nextSequence(), .synchronous(hook))
    }

    /// Adds an `onError` hook, which sees the error before the error handler; it may add headers but not send.
    public func onError(_ hook: nonisolated(nonsending) @escaping @Sendable (_ request: Request, _ reply: inout Reply, _ error: any Error) async throws -> Void) throws {
        try addHook(.onError) { request, reply in
            guard let error = reply.error else { return }
            try await hook(request, &reply, error)
        }
    }

    /// Adds an `onError` hook that never suspends; a closure with no `await` lands here.
    public func onError(_ hook: @escaping @Sendable (_ request: Request, _ reply: inout Reply, _ error: any Error) throws -> Void) throws {
        try addHook(.onError) { (request: inout Request, reply: inout Reply) throws in
            guard let error = reply.error else { return }
            try hook(request, &reply, error)
        }
    }

    /// Adds an `onResponse` hook, which runs after the response was written.
    public func onResponse(_ hook: nonisolated(nonsending) @escaping @Sendable (_ request: Request, _ reply: Reply) async throws -> Void) throws {
        try addHook(.onResponse) { request, reply in try await hook(request, reply) }
    }

    /// Adds an `onResponse` hook that never suspends; a closure with no `await` lands here. A reply the
    /// transport wrote without suspending then runs it in the same step, where an async one sends the request
    /// down the suspending path (a request log on every response would otherwise cost every request that path).
    ///
    /// ```swift
    /// try app.onResponse { request, reply in counter.add(reply.status.code) }
    /// ```
    public func onResponse(_ hook: @escaping @Sendable (_ request: Request, _ reply: Reply) throws -> Void) throws {
        try addHook(.onResponse) { (request: inout Request, reply: inout Reply) throws in try hook(request, reply) }
    }

    /// Adds an application hook (`onReady`, `onListen`, `preClose`, `onClose`).
    ///
    /// `preClose` and `onClose` may also be added after `ready()` (from an `onReady` hook, say); `close()` runs them.
    public func addHook(_ hook: ApplicationHook, _ body: @escaping LifecycleHook) throws {
        if hook != .onClose && hook != .preClose { try ensureNotStarted("hook") }
        if state.isStarted {
            state.lateLifecycleHooks.append((hook, state.nextSequence(), chain.count - 1, body))
        } else {
            lifecycleHooks.append((hook, state.nextSequence(), body))
        }
    }

    /// Adds an `onRoute` hook: called synchronously for every route declared later in this scope
    /// or its descendants created later; it may change the route's options, and throwing rejects the route.
    public func onRoute(_ hook: @escaping (inout RouteOptions) throws -> Void) throws {
        try ensureNotStarted("hook")
        onRouteHooks.append(hook)
    }

    /// Adds an `onRegister` hook: called with each encapsulated child scope created below this one, before its plugin runs.
    public func onRegister(_ hook: @escaping (Scope) throws -> Void) throws {
        try ensureNotStarted("hook")
        onRegisterHooks.append(hook)
    }

    /// The number of hooks this scope and its ancestors hold for `phase` (for tests and diagnostics).
    public func hookCount(_ phase: Hook) -> Int { chain.reduce(0) { $0 + $1.hooks.count(phase) } }
}

extension Scope {
    /// Declares an instance decoration, visible in this scope and its descendants.
    ///
    /// Throws `FST_ERR_DEC_ALREADY_PRESENT` for a name this scope already declared, and
    /// `FST_ERR_DEC_MISSING_DEPENDENCY` when a dependency is not visible.
    public func decorate<Value: Sendable>(_ key: DecorationKey<Value>, _ value: Value, dependencies: [String] = []) throws {
        try ensureNotStarted("decorator '\(key.name)'")
        guard decorations[key.name] == nil else { throw KernelError(.decoratorAlreadyPresent, key.name) }
        for dependency in dependencies where lookupDecoration(dependency) == nil {
            throw KernelError(.decoratorMissingDependency, dependency)
        }
        decorations[key.name] = value
    }

    /// Declares a per-request value with its starting value; read and write it with `request[key]`.
    public func decorateRequest<Value: Sendable>(_ key: DecorationKey<Value>, default value: Value) throws {
        try ensureNotStarted("decorator '\(key.name)'")
        guard requestDecorations[key.name] == nil else { throw KernelError(.decoratorAlreadyPresent, key.name) }
        requestDecorations[key.name] = value
    }

    /// The decoration for `key` visible from this scope.
    public subscript<Value>(key: DecorationKey<Value>) -> Value? { lookupDecoration(key.name) as? Value }

    /// Whether an instance decoration named `name` is visible from this scope.
    public func hasDecoration(_ name: String) -> Bool { lookupDecoration(name) != nil }

    /// Whether a request decoration named `name` is declared in this scope or an ancestor.
    public func hasRequestDecoration(_ name: String) -> Bool { chain.contains { $0.requestDecorations[name] != nil } }

    /// Reads a decoration that must exist: throws `FST_ERR_DEC_UNDECLARED` otherwise.
    public func decoration<Value>(_ key: DecorationKey<Value>) throws -> Value {
        guard let value = self[key] else { throw KernelError(.decoratorUndeclared, key.name, "instance") }
        return value
    }

    func lookupDecoration(_ name: String) -> (any Sendable)? {
        var current: Scope? = self
        while let scope = current {
            if let value = scope.decorations[name] { return value }
            current = scope.parent
        }
        return nil
    }

    /// The decorations visible here, flattened (inner scopes shadow outer ones).
    func frozenValues() -> ScopeValues {
        var values: [String: any Sendable] = [:]
        var defaults: [String: any Sendable] = [:]
        for scope in chain {
            values.merge(scope.decorations) { _, inner in inner }
            defaults.merge(scope.requestDecorations) { _, inner in inner }
        }
        return ScopeValues(values: values, requestDefaults: defaults)
    }
}
