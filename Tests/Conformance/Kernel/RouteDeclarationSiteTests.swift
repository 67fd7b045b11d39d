import Kernel
import Testing

/// `Scope.declarationSite(of:_:)`: where a route is declared, relative to the asking scope, which tells a
/// plugin whether its hooks will run for a route someone else declared.
@Suite("Route declaration sites")
struct RouteDeclarationSiteTests {
    /// Root declares `/shared/:id`; scope `/a` declares `/x`, and its child `/a/b` declares `/y`; sibling `/c`.
    private func tree() throws -> (root: Application, a: Scope, b: Scope, c: Scope) {
        let app = Application()
        var a: Scope?, b: Scope?, c: Scope?
        try app.get("/shared/:id") { _, reply in reply.send() }
        try app.register(prefix: "/a") { scope in
            a = scope
            try scope.get("/x") { _, reply in reply.send() }
            try scope.register(prefix: "/b") { inner in
                b = inner
                try inner.get("/y") { _, reply in reply.send() }
            }
        }
        try app.register(prefix: "/c") { scope in c = scope }
        return (app, try #require(a), try #require(b), try #require(c))
    }

    @Test("a route declared by the scope or by a scope inside it is within it")
    func insideAndOutside() throws {
        let (root, a, b, c) = try tree()
        #expect(a.declarationSite(of: .get, "/x") == .withinScope)
        #expect(a.declarationSite(of: .get, "/b/y") == .withinScope)
        #expect(root.declarationSite(of: .get, "/a/b/y") == .withinScope)
        #expect(root.declarationSite(of: .get, "/shared/:id") == .withinScope)
        #expect(b.declarationSite(of: .get, "/y") == .withinScope)
        #expect(b.declarationSite(of: .get, "/x") == .undeclared)
        #expect(c.declarationSite(of: .get, "/x") == .undeclared)
    }

    @Test("paths are joined to the prefix and compared by shape; other methods and free paths are undeclared")
    func shapesAndMethods() throws {
        let (root, a, _, c) = try tree()
        #expect(root.declarationSite(of: .get, "/shared/:other") == .withinScope)
        #expect(root.declarationSite(of: .post, "/shared/:id") == .undeclared)
        #expect(root.declarationSite(of: .get, "/free") == .undeclared)
        // `/a/x` seen from `/c`, whose prefix makes it `/c/a/x`: free. Seen from the root it is inside.
        #expect(c.declarationSite(of: .get, "/a/x") == .undeclared)
        #expect(root.declarationSite(of: .get, "/a/x") == .withinScope)
        // The auto-HEAD twin belongs to its GET's scope.
        #expect(a.declarationSite(of: .head, "/x") == .withinScope)
    }

    @Test("a route declared by an enclosing or a sibling scope under this scope's prefix is outside it")
    func outsideUnderOwnPrefix() throws {
        let app = Application()
        var inner: Scope?, sibling: Scope?
        try app.options("/api/*") { _, reply in reply.send() }
        try app.register(prefix: "/api") { scope in inner = scope }
        try app.register(prefix: "/api") { scope in
            sibling = scope
            try scope.get("/") { _, reply in reply.send() }
        }
        let scope = try #require(inner)
        #expect(scope.declarationSite(of: .options, "*") == .outsideScope)
        #expect(scope.declarationSite(of: .get, "/") == .outsideScope)
        #expect(try #require(sibling).declarationSite(of: .get, "/") == .withinScope)
        #expect(scope.declarationSite(of: .options, "/other") == .undeclared)
    }
}
