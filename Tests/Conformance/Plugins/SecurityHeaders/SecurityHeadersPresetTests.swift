import Kernel
import Plugins
import Testing

/// A policy with nothing per request is preset on the reply instead of written by `onRequest`
/// (`Scope.presetReplyHeaders`); the replies must be the same as with the writing hook, which nonces still use.
@Suite("Security headers preset on the reply behave as written by onRequest")
struct SecurityHeadersPresetTests {
    /// `preset`: the only policy is preset. `nonces`: it is written per request. `mixed`: the routes' policy is
    /// preset, but a profile with nonces makes the plugin install its writing hooks, which must treat it the same.
    enum Kind: String, CaseIterable { case preset, nonces, mixed }

    private func makeApp(_ kind: Kind) throws -> Application {
        let app = Application()
        // Registered before the plugin: the plugin's values replace its, as a later onRequest hook's would.
        try app.addHook(.onRequest) { request, reply in
            guard request.url == "/early" else { return }
            reply.headers["x-frame-options"] = "ALLOWALL"
            reply.headers["x-powered-by"] = "early"
        }
        let nonced = SecurityHeadersOptions().with { $0.contentSecurityPolicy?.nonces = true }
        switch kind {
        case .preset: try app.register(SecurityHeaders())
        case .nonces: try app.register(SecurityHeaders(nonced))
        case .mixed: try app.register(SecurityHeaders(routeProfiles: ["nonced": nonced]))
        }
        try app.get("/early") { _, reply in reply.send("ok") }
        try app.get("/removed") { _, reply in
            reply.headers["x-frame-options"] = nil
            reply.headers["x-powered-by"] = "handler"
            reply.send("ok")
        }
        try app.get("/wiped") { _, reply in
            reply.headers = HTTPHeaders()
            reply.send("ok")
        }
        return app
    }

    @Test("a hook before the plugin is overridden; what the handler removes stays removed; X-Powered-By goes", arguments: Kind.allCases)
    func sameAsWritingHook(kind: Kind) async throws {
        let app = try makeApp(kind)
        let early = try await app.inject(.get("/early"))
        #expect(early.presentH5 == Set(h5.keys), "\(kind): the plugin's SAMEORIGIN replaces the earlier hook's value")
        #expect(!early.headers.contains("x-powered-by"))
        let removed = try await app.inject(.get("/removed"))
        #expect(removed.presentH5 == Set(h5.keys).subtracting(["x-frame-options"]), "\(kind)")
        #expect(!removed.headers.contains("x-frame-options"))
        #expect(!removed.headers.contains("x-powered-by"))
        let wiped = try await app.inject(.get("/wiped"))
        #expect(wiped.presentH5.isEmpty, "\(kind): headers the handler cleared are not filled in again")
        let missing = try await app.inject(.get("/missing"))
        #expect(missing.presentH5 == Set(h5.keys), "\(kind)")
        #expect(missing.headers["content-security-policy"] != nil, "\(kind)")
    }
}
