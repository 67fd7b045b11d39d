import Kernel
import Testing

@Suite("Route config visible to hooks (request.routeConfig)")
struct RouteConfigTests {
    @Test("a hook reads the matched route's config; a 404 sees an empty config")
    func matchedRouteConfig() async throws {
        let app = Application()
        try app.addHook(.onRequest) { request, reply in reply.headers["x-flag"] = request.routeConfig["flag"] ?? "none" }
        try app.get("/flagged", config: ["flag": "on"]) { _, reply in reply.send("ok") }
        #expect(try await app.inject(.get("/flagged")).headers["x-flag"] == "on")
        #expect(try await app.inject(.get("/missing")).headers["x-flag"] == "none")
    }

    @Test("routeConfigValue(_:) reads one key: the value, nil for another key, nil without config or route")
    func singleConfigValue() async throws {
        let app = Application()
        try app.addHook(.onRequest) { request, reply in
            reply.headers["x-flag"] = request.routeConfigValue("flag") ?? "none"
            reply.headers["x-other"] = request.routeConfigValue("other") ?? "none"
        }
        try app.get("/flagged", config: ["flag": "on"]) { _, reply in reply.send("ok") }
        try app.get("/plain") { _, reply in reply.send("ok") }
        let flagged = try await app.inject(.get("/flagged"))
        #expect(flagged.headers["x-flag"] == "on")
        #expect(flagged.headers["x-other"] == "none")
        #expect(try await app.inject(.get("/plain")).headers["x-flag"] == "none")
        #expect(try await app.inject(.get("/missing")).headers["x-flag"] == "none")
    }

    @Test("routeConfig(for:) finds the config of the route another method would reach at the same path")
    func otherMethodConfig() async throws {
        let app = Application()
        try app.put("/items/:id", config: ["cors": "partner"]) { _, reply in reply.send("ok") }
        try app.options("/*") { request, reply in
            reply.send([request.routeConfig(for: .put)?["cors"] ?? "nil", request.routeConfig(for: .delete).map { _ in "some" } ?? "nil"].joined(separator: ","))
        }
        #expect(try await app.inject(.options("/items/7")).text == "partner,nil")
    }
}
