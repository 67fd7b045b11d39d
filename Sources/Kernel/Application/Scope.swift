/// An encapsulated context: what a plugin registers into.
///
/// Hooks, decorations, content-type parsers, the error handler and the not-found handler are
/// inherited downward, never upward; sibling scopes never see each other's.
/// ``Application`` is the root scope.
///
/// ```swift
/// try app.register(ClosurePlugin(name: "admin") { admin in
///     try admin.addHook(.onRequest) { request, reply in /* only for admin routes */ }
///     try admin.get("/stats") { _, reply in reply.send("ok") }
/// }, prefix: "/admin")
/// ```
public class Scope {
    let state: ApplicationState
    /// The scope this one was created in; `nil` for the root.
    public let parent: Scope?
    /// The route prefix, e.g. `/api/v1`; `""` at the root.
    public let prefix: String
    /// The name of the plugin that created this scope.
    public let pluginName: String

    var hooks = HookStore()
    var decorations: [String: any Sendable] = [:]
    var requestDecorations: [String: any Sendable] = [:]
    var parsers: ContentTypeParsers
    var ownedParsers: Set<String> = []
    var errorHandler: ErrorHandler?
    var notFound: (handler: Handler, hooks: [Hook: [RequestHook]])?
    var onRouteHooks: [(inout RouteOptions) throws -> Void]
    var onRegisterHooks: [(Scope) throws -> Void]
    var registeredPlugins: [String]
    var lifecycleHooks: [(hook: ApplicationHook, sequence: Int, body: LifecycleHook)] = []
    /// Reply presets with their registration sequence (see ``presetReplyHeaders(_:)``).
    var replyPresets: [(sequence: Int, preset: ReplyPreset)] = []
    var children: [Scope] = []

    init(state: ApplicationState, parent: Scope?, prefix: String, pluginName: String) {
        self.state = state
        self.parent = parent
        self.prefix = prefix
        self.pluginName = pluginName
        self.parsers = parent?.parsers ?? .defaults
        self.onRouteHooks = parent?.onRouteHooks ?? []
        self.onRegisterHooks = parent?.onRegisterHooks ?? []
        self.registeredPlugins = parent?.registeredPlugins ?? []
        state.scopes.append(self)
    }

    /// This scope and its ancestors, root first.
    var chain: [Scope] {
        var result: [Scope] = []
        var current: Scope? = self
        while let scope = current { result.append(scope); current = scope.parent }
        return result.reversed()
    }

    /// Throws `FST_ERR_INSTANCE_ALREADY_STARTED` once the application is ready.
    func ensureNotStarted(_ what: String) throws {
        if state.isStarted { throw KernelError(.alreadyStarted, what) }
    }

    /// Registers `plugin`: in a new child scope when it is encapsulated, else in this one.
    ///
    /// The plugin's body runs now, so setup order is registration order. Its dependencies and
    /// required decorations are checked here and reported by ``Application/ready()``.
    public func register(_ plugin: some Plugin, prefix: String? = nil) throws {
        try ensureNotStarted("plugin")
        for dependency in plugin.dependencies where !registeredPlugins.contains(dependency) {
            state.deferredErrors.append(KernelError(.pluginDependencyMissing, dependency, plugin.name))
        }
        for decoration in plugin.requiredDecorations where lookupDecoration(decoration) == nil {
            state.deferredErrors.append(KernelError(.pluginDecoratorMissing, decoration, plugin.name, "Instance"))
        }
        guard plugin.isEncapsulated else {
            registeredPlugins.append(plugin.name)
            try plugin.register(in: self)
            return
        }
        let child = Scope(state: state, parent: self, prefix: Self.join(self.prefix, prefix ?? ""), pluginName: plugin.name)
        child.registeredPlugins.append(plugin.name)
        children.append(child)
        for hook in onRegisterHooks { try hook(child) }
        try plugin.register(in: child)
    }

    /// Registers a closure as an encapsulated plugin.
    public func register(name: String = "anonymous", prefix: String? = nil, _ body: @escaping (Scope) throws -> Void) throws {
        try register(ClosurePlugin(name: name, body), prefix: prefix)
    }

    /// Whether a plugin named `name` is registered in this scope or an ancestor.
    public func hasPlugin(_ name: String) -> Bool { registeredPlugins.contains(name) }

    /// Joins two prefixes: adds a leading `/`, removes a doubled one.
    static func join(_ parent: String, _ child: String) -> String {
        guard !child.isEmpty else { return parent }
        let normalized = child.hasPrefix("/") ? child : "/" + child
        if parent.hasSuffix("/") { return String(parent.dropLast()) + normalized }
        return parent + normalized
    }
}
