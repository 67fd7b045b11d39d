/// Where a route is declared, seen from one scope: what decides whether that scope's hooks run for it.
///
/// A route runs the hooks of the scope that declared it and of that scope's ancestors. A plugin that answers
/// requests from a hook (CORS answers preflights) uses this to tell whether a route someone else declared
/// first will still pass through its hook:
///
/// ```swift
/// switch scope.declarationSite(of: .options, "*") {
/// case .undeclared: try scope.options("*", handler)   // free: declare our own
/// case .withinScope: break                            // theirs, and our hooks run for it
/// case .outsideScope: throw setupError                // theirs, and our hooks would never see its requests
/// }
/// ```
public enum RouteDeclarationSite: Sendable, Equatable {
    /// No route of that method has the path's shape.
    case undeclared
    /// Declared by this scope or by a scope inside it: its requests run this scope's hooks.
    case withinScope
    /// Declared by a scope outside this one (an ancestor or a sibling): its requests skip this scope's hooks.
    case outsideScope
}

extension Scope {
    /// Where the route `method` `path` is declared, if it is.
    ///
    /// `path` is joined to this scope's prefix as ``route(_:)`` joins it (a prefixed `/` is both `/prefix` and
    /// `/prefix/`), and compared by shape, as duplicates are: `/:id` finds a route declared as `/:name`. When the
    /// path stands for two URLs declared in different places, `.outsideScope` wins. `onRoute` hooks that rewrite
    /// URLs are not applied.
    public func declarationSite(of method: HTTPMethod, _ path: String) -> RouteDeclarationSite {
        guard let builder = state.builders[method] else { return .undeclared }
        var site = RouteDeclarationSite.undeclared
        for url in urls(for: path) {
            guard let existing = builder.conflictingPattern(url),
                let owner = state.routes.first(where: { $0.options.method == method && $0.options.url == existing })?.scope
            else { continue }
            guard owner.isInside(self) else { return .outsideScope }
            site = .withinScope
        }
        return site
    }

    /// Whether this scope is `scope` or one of its descendants.
    func isInside(_ scope: Scope) -> Bool {
        sequence(first: self, next: \.parent).contains { $0 === scope }
    }
}
