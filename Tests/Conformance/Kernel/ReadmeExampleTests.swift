import Foundation
import Kernel
import Testing

// The README's custom-plugin example, verbatim (a test compares it with README.md).
struct RequestCounter: Plugin {
    let header: String
    var isEncapsulated: Bool { false }   // like fastify-plugin: adds to the scope it is registered in

    func register(in scope: Scope) throws {
        try scope.decorateRequest(.startedBy, default: "anonymous")
        try scope.addHook(.onRequest) { request, _ in
            request[.startedBy] = request.headers["x-user"] ?? "anonymous"
        }
        try scope.addHook(.onSend) { request, reply in
            reply.headers[header] = request[.startedBy]
        }
    }
}

extension DecorationKey where Value == String {
    static var startedBy: Self { .init("startedBy") }
}

@Suite("README")
struct ReadmeExampleTests {
    @Test("the README's custom plugin example runs and answers as documented")
    func customPluginExample() async throws {
        let app = Application()
        try app.register(prefix: "/api") { api in
            try api.register(RequestCounter(header: "x-started-by"))   // only /api routes get the header
            try api.get("/hello") { _, reply in reply.send("Hello, World!") }
        }
        try app.get("/health") { _, reply in reply.send("ok") }      // outside the scope: no header

        let response = try await app.inject(.get("/api/hello", headers: ["x-user": "ada"]))
        #expect(response.status == .ok)
        #expect(response.headers["x-started-by"] == "ada")
        #expect(try await app.inject(.get("/health")).headers["x-started-by"] == nil)
    }

    @Test("the README's example code is the code this test runs")
    func readmeMatches() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        for marker in ["struct RequestCounter: Plugin {", "try scope.decorateRequest(.startedBy, default: \"anonymous\")",
                       "try api.register(RequestCounter(header: \"x-started-by\"))   // only /api routes get the header",
                       "static var startedBy: Self { .init(\"startedBy\") }"] {
            #expect(readme.contains(marker))
            #expect(source.contains(marker))
        }
    }
}
