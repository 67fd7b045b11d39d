import Kernel
import Plugins
import Testing

/// One CORS registration per scope chain, and one `OPTIONS *` route per path: the conflicts Fastify refuses at
/// startup (`FST_ERR_DEC_ALREADY_PRESENT` from `decorateRequest`, `FST_ERR_DUPLICATED_ROUTE`), refused here when
/// the second registration is made, instead of two settings answering one scope's requests.
@Suite("CORS registration conflicts")
struct CORSRegistrationTests {
    /// The code of the kernel error `body` throws, if it throws one.
    func kernelCode(_ body: () throws -> Void) -> ErrorCode? {
        #expect(throws: KernelError.self) { try body() }?.code
    }

    @Test("S-11 CORS registered again below a scope that has it is refused, prefixed or not, however deep")
    func secondRegistrationInChildScope() throws {
        let app = Application()
        try app.register(CORS(origin: .exact("https://a.io")))
        for prefix in [nil, "/api"] {
            try app.register(prefix: prefix) { child in
                #expect(kernelCode { try child.register(CORS(origin: .reflect)) } == .decoratorAlreadyPresent)
                try child.register(prefix: "/deeper") { grandchild in
                    #expect(kernelCode { try grandchild.register(CORS(origin: .reflect)) } == .decoratorAlreadyPresent)
                }
            }
        }
        let nested = Application()
        try nested.register(prefix: "/a") { scope in
            try scope.register(CORS(origin: .reflect, credentials: true))
            try scope.register(prefix: "/b") { inner in
                #expect(kernelCode { try inner.register(CORS(isEncapsulated: true)) } == .decoratorAlreadyPresent)
            }
        }
    }

    @Test("S-11 CORS registered in an enclosing scope after a scope inside it has CORS is refused too")
    func registrationAboveExistingOne() throws {
        let app = Application()
        try app.register(prefix: "/api") { api in try api.register(CORS(origin: .reflect)) }
        #expect(kernelCode { try app.register(CORS()) } == .decoratorAlreadyPresent)
        let encapsulated = Application()
        try encapsulated.register(CORS(isEncapsulated: true))
        #expect(kernelCode { try encapsulated.register(CORS()) } == .decoratorAlreadyPresent)
    }

    @Test("S-11 route profiles still select per-route settings below the one registration; sibling prefixes each have their own")
    func routeProfilesAndSiblings() async throws {
        let app = Application()
        try app.register(CORS(CORSOptions(origin: .exact("https://app.io")), routeProfiles: ["open": CORSOptions(origin: .any)]))
        try app.register(prefix: "/api") { api in
            try api.get("/public", config: ["cors": "open"]) { _, reply in reply.send("ok") }
            try api.get("/private") { _, reply in reply.send("ok") }
        }
        #expect(try await app.inject(get("/api/public", origin: "https://x.io")).headers["access-control-allow-origin"] == "*")
        #expect(try await app.inject(get("/api/private", origin: "https://x.io")).headers["access-control-allow-origin"] == "https://app.io")
        #expect(try await app.inject(preflight("/api/public")).headers["access-control-allow-origin"] == "*")

        let siblings = Application()
        try siblings.register(prefix: "/a") { a in try a.register(CORS(origin: .exact("https://a.io"))) }
        try siblings.register(prefix: "/b") { b in try b.register(CORS(origin: .exact("https://b.io"))) }
        #expect(try await siblings.inject(preflight("/a/x")).headers["access-control-allow-origin"] == "https://a.io")
        #expect(try await siblings.inject(preflight("/b/x")).headers["access-control-allow-origin"] == "https://b.io")
    }

    @Test("S-12 sibling scopes with the same prefix cannot both declare CORS's OPTIONS * route",
          arguments: [nil, "/api"] as [String?])
    func siblingOptionsRouteClash(prefix: String?) throws {
        let app = Application()
        try app.register(prefix: prefix) { first in try first.register(CORS(origin: .exact("https://a.io"))) }
        try app.register(prefix: prefix) { second in
            #expect(kernelCode { try second.register(CORS(origin: .exact("https://b.io"))) } == .duplicatedRoute)
        }
        let encapsulated = Application()
        try encapsulated.register(CORS(isEncapsulated: true), prefix: prefix)
        #expect(kernelCode { try encapsulated.register(CORS(isEncapsulated: true), prefix: prefix) } == .duplicatedRoute)
    }

    @Test("S-12 an OPTIONS route the application declared in the scope is kept, and the hook still answers preflights")
    func applicationOptionsRouteKept() async throws {
        let app = Application()
        try app.register(prefix: "/api") { api in
            try api.options("/") { _, reply in reply.send("own") }
            try api.options("/*") { _, reply in reply.send("own catch-all") }
            try api.register(CORS(CORSOptions(preflightContinue: true)))
        }
        #expect(try await app.inject(preflight("/api")).text == "own")
        #expect(try await app.inject(preflight("/api/x")).text == "own catch-all")
        #expect(try await app.inject(preflight("/api/x")).headers["access-control-allow-methods"] == "GET,HEAD,POST")
    }

    /// Without the refusal, that route would answer `/api/x`'s preflights through the enclosing scope's hooks:
    /// no CORS headers, the seed's failure.
    @Test("S-12 an OPTIONS route declared outside the CORS scope for the same paths is refused",
          arguments: ["/api/*", "/api"])
    func outsideOptionsRouteRefused(path: String) throws {
        let enclosing = Application()
        try enclosing.options(path) { _, reply in reply.send("outside") }
        try enclosing.register(prefix: "/api") { api in
            #expect(kernelCode { try api.register(CORS()) } == .duplicatedRoute)
        }
        let sibling = Application()
        try sibling.register(prefix: "/api") { other in try other.options(path == "/api" ? "/" : "/*") { _, reply in reply.send("sibling") } }
        try sibling.register(prefix: "/api") { api in
            #expect(kernelCode { try api.register(CORS()) } == .duplicatedRoute)
        }
    }
}
