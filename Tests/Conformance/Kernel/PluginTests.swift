import Kernel
import Testing

@Suite("Plugins, encapsulation and decorators (fastify-core §9 plugins/boot, decorators)")
struct PluginTests {
    @Test("§9.29 onRegister receives each new encapsulated scope, with its prefix, before the plugin runs")
    func onRegisterCalled() throws {
        let app = Application()
        var seen: [String] = []
        try app.onRegister { seen.append("\($0.pluginName)@\($0.prefix)") }
        try app.register(ClosurePlugin(name: "users") { scope in seen.append("body:\(scope.prefix)") }, prefix: "/users")
        #expect(seen == ["users@/users", "body:/users"])
    }

    @Test("§9.30 onRegister is not called for a non-encapsulated plugin")
    func onRegisterSkipsFP() throws {
        let app = Application()
        var count = 0
        try app.onRegister { _ in count += 1 }
        try app.register(ClosurePlugin(name: "fp", isEncapsulated: false) { _ in })
        #expect(count == 0)
    }

    @Test("§9.48 a non-encapsulated plugin ignores prefix: its route is served at /")
    func fpIgnoresPrefix() async throws {
        let app = Application()
        try app.register(ClosurePlugin(name: "fp", isEncapsulated: false) { scope in
            try scope.get("/") { _, reply in reply.send("root") }
        }, prefix: "foo")
        #expect(try await app.inject(.get("/")).text == "root")
    }

    struct NamedPlugin: Plugin {
        func register(in scope: Scope) throws {}
    }

    @Test("§9.49 a plugin's default name is its type name; a closure plugin is 'anonymous'")
    func defaultPluginName() throws {
        #expect(NamedPlugin().name == "NamedPlugin")
        #expect(ClosurePlugin { _ in }.name == "anonymous")
    }

    struct NeedsDatabase: Plugin {
        var requiredDecorations: [String] { ["database"] }
        var dependencies: [String] { ["auth"] }
        func register(in scope: Scope) throws {}
    }

    @Test("§9.50 a missing required decoration or dependency is reported by ready(), naming the plugin")
    func requirementsCheckedAtReady() async throws {
        let app = Application()
        try app.register(NeedsDatabase())
        await #expect(throws: KernelError.self) { try await app.ready() }
        do { try await app.ready() } catch let error as KernelError {
            #expect([ErrorCode.pluginDependencyMissing, .pluginDecoratorMissing].contains(error.code))
            #expect(error.message.contains("NeedsDatabase"))
        }
        let fixed = Application()
        try fixed.decorate(DecorationKey<String>("database"), "sqlite")
        try fixed.register(ClosurePlugin(name: "auth", isEncapsulated: false) { _ in })
        try fixed.register(NeedsDatabase())
        try await fixed.ready()
    }

    @Test("§9.54 inside an encapsulated plugin, hasPlugin sees its own name but not a sibling's")
    func hasPluginScoped() throws {
        let app = Application()
        var results: [Bool] = []
        try app.register(ClosurePlugin(name: "pluginA") { _ in })
        try app.register(ClosurePlugin(name: "pluginAA") { scope in
            results = [scope.hasPlugin("pluginA"), scope.hasPlugin("pluginAA")]
        })
        #expect(results == [false, true])
        #expect(!app.hasPlugin("pluginAA"))
    }

    @Test("§9.56 a failing plugin makes register throw, and later plugins never run")
    func failingRegisterStops() throws {
        let app = Application()
        var laterRan = false
        #expect(throws: Kaboom.self) {
            try app.register { _ in throw Kaboom() }
            try app.register { _ in laterRan = true }
        }
        #expect(!laterRan)
    }

    @Test("§9.57 a decoration inside a plugin is visible there, not at the root")
    func decorationEncapsulated() throws {
        let key = DecorationKey<Int>("test")
        let app = Application()
        var inside: Int?
        try app.register { scope in
            try scope.decorate(key, 42)
            inside = scope[key]
        }
        #expect(inside == 42)
        #expect(app[key] == nil)
    }

    @Test("§9.58 a decoration whose dependency is missing → FST_ERR_DEC_MISSING_DEPENDENCY")
    func decorationDependency() throws {
        let app = Application()
        do {
            try app.decorate(DecorationKey<Int>("x"), 1, dependencies: ["dependency"])
            Issue.record("expected an error")
        } catch let error as KernelError {
            #expect(error.code == .decoratorMissingDependency)
            #expect(error.message == "The decorator is missing dependency 'dependency'.")
        }
        try app.decorate(DecorationKey<Int>("dependency"), 0)
        try app.decorate(DecorationKey<Int>("x"), 1, dependencies: ["dependency"])
    }

    @Test("§9.59 decorate and decorateRequest after ready() → FST_ERR_INSTANCE_ALREADY_STARTED")
    func decorateAfterReady() async throws {
        let app = Application()
        try await app.ready()
        #expect(throws: KernelError.self) { try app.decorate(DecorationKey<Int>("late"), 1) }
        #expect(throws: KernelError.self) { try app.decorateRequest(DecorationKey<Int>("late"), default: 1) }
    }

    @Test("§9.60 request decorations are per-request values: one request's change never leaks to the next")
    func requestDecorationsArePerRequest() async throws {
        let key = DecorationKey<[String]>("items")
        let app = Application()
        try app.decorateRequest(key, default: [])
        try app.get("/") { request, reply in
            var request = request
            request[key].append("x")
            reply.send(String(request[key].count))
        }
        #expect(try await app.inject(.get("/")).text == "1")
        #expect(try await app.inject(.get("/")).text == "1")
    }

    @Test("request decorations written in any order, and written again, each keep their own value")
    func severalRequestDecorations() async throws {
        let count = DecorationKey<Int>("count"), name = DecorationKey<String>("name"), tags = DecorationKey<[String]>("tags")
        let app = Application()
        try app.decorateRequest(count, default: 0)
        try app.decorateRequest(name, default: "none")
        try app.decorateRequest(tags, default: [])
        // The path spells the writes in order: c counts, n appends "!" to the name, t adds a tag.
        try app.get("/:writes") { request, reply in
            var request = request
            for write in request.params["writes"] ?? "" {
                switch write {
                case "c": request[count] += 1
                case "n": request[name] += "!"
                case "t": request[tags].append("t")
                default: break
                }
            }
            reply.send("\(request[count]) \(request[name]) \(request[tags].count) \(request.decoration(name) ?? "-")")
        }
        for (writes, expected) in [
            ("x", "0 none 0 none"), ("n", "0 none! 0 none!"), ("cnt", "1 none! 1 none!"), ("tcc", "2 none 1 none"),
            ("nncttc", "2 none!! 2 none!!"), ("ttnnn", "0 none!!! 2 none!!!"),
        ] {
            #expect(try await app.inject(.get("/\(writes)")).text == expected, "\(writes)")
        }
    }

    @Test("decoration(_:) is nil where the route's scope does not declare it, else the written value or the default")
    func optionalDecorationRead() async throws {
        let key = DecorationKey<String>("user")
        let app = Application()
        // A global hook sees routes of both scopes; only the child declares the decoration.
        try app.addHook(.onSend) { request, reply in reply.headers["x-user"] = request.decoration(key) ?? "undeclared" }
        try app.register(prefix: "/child") { child in
            try child.decorateRequest(key, default: "anonymous")
            try child.get("/default") { _, reply in reply.send() }
            try child.addHook(.preHandler) { request, _ in if request.url.hasSuffix("set") { request[key] = "alice" } }
            try child.get("/set") { _, reply in reply.send() }
        }
        try app.get("/root") { _, reply in reply.send() }
        #expect(try await app.inject(.get("/child/default")).headers["x-user"] == "anonymous")
        #expect(try await app.inject(.get("/child/set")).headers["x-user"] == "alice")
        #expect(try await app.inject(.get("/root")).headers["x-user"] == "undeclared")
    }

    @Test("§9.61 reading an undeclared decoration → FST_ERR_DEC_UNDECLARED; a child's is not visible at the root")
    func undeclaredDecoration() throws {
        let key = DecorationKey<String>("foo")
        let app = Application()
        try app.register { try $0.decorate(key, "child") }
        do {
            _ = try app.decoration(key)
            Issue.record("expected an error")
        } catch let error as KernelError {
            #expect(error.code == .decoratorUndeclared)
            #expect(error.message == "No decorator 'foo' has been declared on instance.")
        }
    }

    @Test("a decoration declared twice in one scope → FST_ERR_DEC_ALREADY_PRESENT; a child may shadow it")
    func duplicateDecoration() throws {
        let key = DecorationKey<Int>("n")
        let app = Application()
        try app.decorate(key, 1)
        #expect(throws: KernelError.self) { try app.decorate(key, 2) }
        var shadow: Int?
        try app.register { child in try child.decorate(key, 3); shadow = child[key] }
        #expect(shadow == 3)
        #expect(app[key] == 1)
    }

    @Test("siblings never see each other's hooks, decorations or error handlers")
    func siblingsIsolated() async throws {
        let key = DecorationKey<String>("owner")
        let app = Application()
        try app.register(prefix: "/a") { a in
            try a.decorate(key, "a")
            try a.addHook(.onRequest) { _, reply in reply.headers["x-a"] = "1" }
            try a.setErrorHandler { _, _, reply in reply.send("a handled") }
            try a.get("/") { _, reply in reply.send("a") }
        }
        try app.register(prefix: "/b") { b in
            try b.get("/") { request, _ in throw HTTPError(.badRequest, message: request.scope[key] ?? "no decoration") }
        }
        let b = try await app.inject(.get("/b"))
        #expect(b.headers["x-a"] == nil)
        #expect(b.status == .badRequest)
        #expect(b[json: "message"]?.string == "no decoration")
    }
}
