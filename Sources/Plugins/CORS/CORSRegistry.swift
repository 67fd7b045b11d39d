import Kernel

/// The CORS registrations of one application, so each registration can see the others.
///
/// Kept as the instance decoration ``key`` of the application's root scope (reached through the public
/// ``Scope/parent``), created by the first registration. It refuses what Fastify refuses at startup: CORS
/// registered where a scope chain already has it. In Fastify a child context inherits its parent's request
/// decorators, so `@fastify/cors`'s second `decorateRequest` fails with `FST_ERR_DEC_ALREADY_PRESENT`; here
/// the two registrations' hooks would both run for the inner scope's requests, mixing their settings. And two
/// registrations declaring the same `OPTIONS *` route from sibling scopes (`FST_ERR_DUPLICATED_ROUTE` in
/// Fastify): the second scope's preflights would reach the first one's route and be answered with its settings.
final class CORSRegistry: Sendable {
    /// The root scope's decoration holding the registry.
    static let key = DecorationKey<CORSRegistry>("cors.registry")

    private struct State {
        /// The scopes CORS is registered in.
        var scopes: Set<ObjectIdentifier> = []
        /// Those scopes and every scope enclosing them.
        var enclosing: Set<ObjectIdentifier> = []
        /// The `OPTIONS` routes registrations declared, by ``routeKey(_:in:)``.
        var optionsRoutes: Set<String> = []
    }

    private let state = Lock(State())

    /// The registry of `scope`'s application, declared on its root scope on first use.
    static func of(_ scope: Scope) throws -> CORSRegistry {
        var root = scope
        while let parent = root.parent { root = parent }
        if let registry = root[key] { return registry }
        let registry = CORSRegistry()
        try root.decorate(key, registry)
        return registry
    }

    /// Records a registration in `scope`.
    ///
    /// Throws `FST_ERR_DEC_ALREADY_PRESENT` when CORS is already registered in `scope`, in a scope enclosing it,
    /// or in a scope inside it (registered first, since a scope's plugins run when they are registered).
    func register(in scope: Scope) throws {
        let chain = sequence(first: scope, next: { $0.parent }).map { ObjectIdentifier($0) }
        let accepted = state.withLock { state in
            guard !state.enclosing.contains(chain[0]), !chain.contains(where: { state.scopes.contains($0) }) else { return false }
            state.scopes.insert(chain[0])
            state.enclosing.formUnion(chain)
            return true
        }
        guard accepted else { throw Self.alreadyRegistered }
    }

    /// Records that a registration in `scope` declared the `OPTIONS` route `path`.
    func declaredOptionsRoute(_ path: String, in scope: Scope) {
        _ = state.withLock { $0.optionsRoutes.insert(Self.routeKey(path, in: scope)) }
    }

    /// Whether a registration declared the `OPTIONS` route `path` for a scope with `scope`'s prefix.
    func hasOptionsRoute(_ path: String, in scope: Scope) -> Bool {
        state.withLock { $0.optionsRoutes.contains(Self.routeKey(path, in: scope)) }
    }

    /// `path` under `scope`'s prefix, without the prefix's trailing `/` (`/api` and `/api/` declare the same `/api/*`).
    private static func routeKey(_ path: String, in scope: Scope) -> String {
        let prefix = scope.prefix.hasSuffix("/") ? String(scope.prefix.dropLast()) : scope.prefix
        return prefix + "\u{0}" + path
    }

    /// The error for a second registration in one scope chain.
    static var alreadyRegistered: KernelError {
        let message = ErrorCode.decoratorAlreadyPresent.format(CORSRequestState.key.name)
            + " CORS is already registered in this scope, a scope enclosing it or a scope inside it. Register it once,"
            + " in the outermost scope that needs it, and give routes their own settings with routeProfiles and config[\"cors\"]."
        return KernelError(.decoratorAlreadyPresent, message: message)
    }

    /// `duplicate`, the kernel's error for an `OPTIONS` route another registration, in a sibling scope with the
    /// same prefix, already declared, with the reason.
    static func optionsRouteTaken(_ duplicate: KernelError) -> KernelError {
        let reason = " by CORS registered in another scope with the same prefix, whose settings would answer this"
            + " scope's preflights. Register CORS once, in the scope enclosing both."
        return KernelError(.duplicatedRoute, message: duplicate.message + reason)
    }

    /// `duplicate`, the kernel's error for an `OPTIONS` route the application declared outside the CORS scope (in
    /// an enclosing or a sibling scope), with the reason: its preflights would skip the CORS hook, and get no
    /// CORS headers, as in the seed's bug.
    static func optionsRouteOutsideScope(_ duplicate: KernelError) -> KernelError {
        let reason = " outside the scope CORS is registered in, so preflights there would skip CORS and get no"
            + " Access-Control-* headers. Declare that route inside the CORS scope, or register CORS in a scope enclosing it."
        return KernelError(.duplicatedRoute, message: duplicate.message + reason)
    }
}
