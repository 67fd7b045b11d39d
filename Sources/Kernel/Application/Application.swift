/// The root scope: where an app is configured, frozen with `ready()`, and run.
///
/// ```swift
/// let app = Application()
/// try app.register(CORS(origin: .exact("http://localhost:3000")))
/// try app.get("/hello") { _, reply in reply.send("Hello, World!") }
/// let response = try await app.inject(.get("/hello"))
/// response.status == .ok
/// ```
public final class Application: Scope {
    private var compiled: CompiledApplication?
    /// The `onReady` failure, thrown again by every later `ready()` (and so `listen()` and `inject()`), as Fastify's
    /// cached ready promise does.
    private var bootError: (any Error)?
    private var isClosed = false
    let transport = TransportSlot()

    /// A new application.
    public init(options: ApplicationOptions = ApplicationOptions()) {
        super.init(state: ApplicationState(options: options), parent: nil, prefix: "", pluginName: "root")
    }

    /// The options.
    public var options: ApplicationOptions { state.options }

    /// Whether `ready()` has completed.
    public var isReady: Bool { compiled != nil }

    /// Checks the setup, freezes it, and runs `onReady` hooks once. Later calls return the same snapshot, or throw
    /// the same `onReady` failure.
    ///
    /// Throws the first plugin dependency or decoration problem, or an `onReady` failure.
    @discardableResult
    public func ready() async throws -> CompiledApplication {
        if isClosed { throw KernelError(.reopenedClosedServer) }
        if let bootError { throw bootError }
        if let compiled { return compiled }
        if let error = state.deferredErrors.first { throw error }
        let app = freeze()
        state.isStarted = true
        compiled = app
        do {
            try await app.runLifecycle(.onReady)
        } catch {
            bootError = error
            throw error
        }
        return app
    }

    /// Closes in Fastify's order: refuse new requests (503), `preClose` hooks, stop the server and drain
    /// requests in flight, then `onClose` hooks in reverse registration order. Idempotent.
    public func close() async throws {
        guard !isClosed else { return }
        isClosed = true
        guard let compiled else { return }
        compiled.closing.store(true, ordering: .relaxed)
        try? await compiled.runLifecycle(.preClose, adding: state.lateLifecycleHooks)
        if let server = transport.server {
            await server.shutdown()
            transport.server = nil
        }
        try await compiled.runLifecycle(.onClose, adding: state.lateLifecycleHooks)
    }

    /// Runs `onListen` hooks (the transport calls this once it is listening); errors are ignored.
    public func didListen() async {
        try? await compiled?.runLifecycle(.onListen)
    }

    private func freeze() -> CompiledApplication {
        let appOptions = state.options
        let routes = state.routes.map { CompiledRoute.compile($0.options, in: $0.scope, isAutoHead: $0.isAutoHead, appOptions: appOptions) }
        let tables = state.builders.mapValues { $0.build() }
        var levels: [(prefix: String, route: CompiledRoute)] = []
        for scope in state.scopes where scope !== self && scope.notFound != nil {
            levels.append((scope.prefix, CompiledRoute.compileNotFound(in: scope, appOptions: appOptions)))
        }
        levels.sort { $0.prefix.count > $1.prefix.count }
        levels.append(("", CompiledRoute.compileNotFound(in: self, appOptions: appOptions)))
        var lifecycle: [(hook: ApplicationHook, sequence: Int, depth: Int, body: LifecycleHook)] = []
        appendLifecycle(of: self, depth: 0, into: &lifecycle)
        return CompiledApplication(options: appOptions, tables: tables, routes: routes, notFoundLevels: levels, lifecycle: lifecycle)
    }

    /// Root first, then children depth-first in registration order.
    private func appendLifecycle(of scope: Scope, depth: Int, into list: inout [(hook: ApplicationHook, sequence: Int, depth: Int, body: LifecycleHook)]) {
        for entry in scope.lifecycleHooks { list.append((entry.hook, entry.sequence, depth, entry.body)) }
        for child in scope.children { appendLifecycle(of: child, depth: depth + 1, into: &list) }
    }
}
