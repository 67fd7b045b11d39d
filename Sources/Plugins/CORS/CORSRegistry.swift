import Kernel

/// The CORS registrations of one application, so each registration can see the others.
///
/// Kept as the instance decoration ``key`` of the application's root scope (reached through the public
/// ``Scope/parent``), created by the first registration. It refuses what Fastify refuses at startup: CORS
/// registered where a scope chain already has it. In Fastify a child context inherits its parent's request
/// decorators, so `@fastify/cors`'s second `decorateRequest` fails with `FST_ERR_DEC_ALREADY_PRESENT`; here
/// the two registrations' hooks would both run for the inner scope's requests, mixing their settings.
final class CORSRegistry: Sendable {
    /// The root scope's decoration holding the registry.
    static let key = DecorationKey<CORSRegistry>("cors.registry")

    private struct State {
        /// The scopes CORS is registered in.
        var scopes: Set<ObjectIdentifier> = []
        /// Those scopes and every scope enclosing them.
        var enclosing: Set<ObjectIdentifier> = []
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

    /// The error for a second registration in one scope chain.
    static var alreadyRegistered: KernelError {
        let message = ErrorCode.decoratorAlreadyPresent.format(CORSRequestState.key.name)
            + " CORS is already registered in this scope, a scope enclosing it or a scope inside it. Register it once,"
            + " in the outermost scope that needs it, and give routes their own settings with routeProfiles and config[\"cors\"]."
        return KernelError(.decoratorAlreadyPresent, message: message)
    }
}
