import Kernel
import Plugins
import Testing

/// Cases where presetting the plugins' fields first changed what a reply carried, compared with the plugins writing
/// them from their `onRequest` hooks (found by review; each failed before its fix).
@Suite("Preset plugin fields: the same replies as fields written by the plugins' hooks")
struct PresetRegressionTests {
    /// A hook registered before the plugin that *appends* a field the plugin owns (`HTTPHeaders.add`). At 803feea
    /// the plugin's `onRequest` hook then wrote its field, replacing every field of that name: one value. Now the
    /// field was preset, `add` appended next to the shared block without unsharing it, `sharesFields(of:)` still
    /// said the block was untouched, and the hook returned early: the reply carried two conflicting values.
    @Test("SecurityHeaders: a hook before the plugin that adds X-Frame-Options leaves one value, the plugin's")
    func securityHeadersAddBeforePluginIsReplaced() async throws {
        let app = Application()
        try app.addHook(.onRequest) { _, reply in reply.headers.add("x-frame-options", "DENY") }
        try app.register(SecurityHeaders())
        try app.get("/") { _, reply in reply.send("ok") }
        let response = try await app.inject(.get("/"))
        #expect(response.headers.values(for: "x-frame-options") == ["SAMEORIGIN"])
    }

    @Test("CORS: a hook before the plugin that adds Access-Control-Allow-Origin leaves one value, the plugin's")
    func corsAddBeforePluginIsReplaced() async throws {
        let app = Application()
        try app.addHook(.onRequest) { _, reply in reply.headers.add("access-control-allow-origin", "https://a.example") }
        try app.register(CORS(origin: .any))
        try app.get("/") { _, reply in reply.send("ok") }
        let response = try await app.inject(.get("/", headers: ["origin": "https://b.example"]))
        #expect(response.headers.values(for: "access-control-allow-origin") == ["*"])
    }

    /// An auth hook registered before the plugin throws; the custom error handler builds its reply's headers
    /// afresh. At 803feea the plugin's `onRequest` hook never ran, so its `onSend` hook filled the headers in
    /// ("writes them on responses that never reached that hook"). With the fields preset, the error handler dropped
    /// them and `onSend` only removed X-Powered-By: the 401 went out without any security header.
    @Test("SecurityHeaders: an error from a hook before the plugin, answered by an error handler that resets the headers, still gets the headers")
    func securityHeadersFilledInAfterEarlierHookError() async throws {
        let app = Application()
        try app.addHook(.onRequest) { _, _ in throw HTTPError(.unauthorized, message: "no token") }
        try app.register(SecurityHeaders())
        try app.register(CORS(origin: .any))
        try app.setErrorHandler { _, _, reply in
            reply.headers = ["content-type": "application/problem+json"]
            reply.status = .unauthorized
            reply.send("{\"title\":\"unauthorized\"}")
        }
        try app.get("/") { _, reply in reply.send("ok") }
        let response = try await app.inject(.get("/", headers: ["origin": "https://b.example"]))
        #expect(response.status == .unauthorized)
        #expect(response.headers["access-control-allow-origin"] == "*")
        #expect(response.headers["x-frame-options"] == "SAMEORIGIN")
        #expect(response.headers["content-security-policy"] != nil)
        #expect(response.headers["x-content-type-options"] == "nosniff")
    }
}
