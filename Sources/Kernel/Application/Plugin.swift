/// A unit of setup registered against a scope: routes, hooks, decorations and parsers.
///
/// By default a plugin gets its own encapsulated child scope; set `isEncapsulated` to `false`
/// (fastify-plugin's skip-override) to add to the scope it is registered in.
///
/// ```swift
/// struct Health: Plugin {
///     func register(in scope: Scope) throws {
///         try scope.get("/health") { _, reply in reply.send(json: ["status": "ok"]) }
///     }
/// }
/// try app.register(Health())
/// ```
public protocol Plugin {
    /// The name other plugins use in `dependencies`; the type name by default.
    var name: String { get }
    /// Names of plugins that must be registered before this one, in this scope or an ancestor.
    var dependencies: [String] { get }
    /// Names of decorations that must be visible where this plugin is registered.
    var requiredDecorations: [String] { get }
    /// Whether the plugin gets its own child scope (`true`) or adds to its parent (`false`).
    var isEncapsulated: Bool { get }
    /// Adds routes, hooks and decorations to `scope`. Runs synchronously, in registration order.
    func register(in scope: Scope) throws
}

extension Plugin {
    /// The type's name.
    public var name: String { String(describing: Self.self) }
    /// None.
    public var dependencies: [String] { [] }
    /// None.
    public var requiredDecorations: [String] { [] }
    /// Encapsulated.
    public var isEncapsulated: Bool { true }
}

/// A plugin made from a closure.
///
/// ```swift
/// try app.register(ClosurePlugin(name: "projects") { scope in
///     try scope.get("/projects") { _, reply in reply.send(json: [String]()) }
/// }, prefix: "/api/v1")
/// ```
public struct ClosurePlugin: Plugin {
    /// The plugin's name.
    public let name: String
    /// Plugins it depends on.
    public let dependencies: [String]
    /// Whether it gets a child scope.
    public let isEncapsulated: Bool
    private let body: (Scope) throws -> Void

    /// Wraps `body`.
    public init(name: String = "anonymous", dependencies: [String] = [], isEncapsulated: Bool = true, _ body: @escaping (Scope) throws -> Void) {
        self.name = name
        self.dependencies = dependencies
        self.isEncapsulated = isEncapsulated
        self.body = body
    }

    /// Runs the closure.
    public func register(in scope: Scope) throws { try body(scope) }
}
