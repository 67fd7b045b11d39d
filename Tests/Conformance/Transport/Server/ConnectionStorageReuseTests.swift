import Kernel
import Synchronization
import Testing

/// A connection keeps the storage of one request's decorations and of its reply's headers for the next (see
/// `HTTPConnectionHandler.recycle(_:_:)`): the next request must still start from the declared defaults and
/// an empty reply, and a copy of an earlier request or reply that something kept must still read its own values.
@Suite("Request decorations and reply headers over one keep-alive connection", .serialized)
struct ConnectionStorageReuseTests {
    private func makeApp(kept: KeptRequests) throws -> Application {
        let app = Application()
        try app.decorateRequest(.visits, default: 0)
        try app.decorateRequest(.visitor, default: "nobody")
        // Reports the values the request started with, then writes both decorations (and keeps a copy for /keep).
        try app.addHook(.onRequest) { request, reply in
            reply.headers["x-started"] = "\(request[.visits]) \(request[.visitor])"
            if request.url == "/keep" {
                request[.visits] = 41
                request[.visitor] = "kept"
                kept.requests.withLock { $0.append(request) }
            } else {
                request[.visits] += 1
                request[.visitor] = request.url
            }
        }
        for kind in HandlerKind.allCases {
            try kind.get("/\(kind.rawValue)", on: app) { request, reply in reply.send("\(request[.visits]) \(request[.visitor])") }
        }
        try app.get("/keep") { request, reply in reply.send("\(request[.visits]) \(request[.visitor])") }
        return app
    }

    @Test("pipelined requests that write decorations each start from the defaults, on either path")
    func eachRequestStartsFromDefaults() async throws {
        let kept = KeptRequests()
        let paths = ["/synchronous", "/suspending", "/synchronous", "/keep", "/synchronous", "/suspending", "/synchronous"]
        let requests = paths.indices.map { "GET \(paths[$0]) HTTP/1.1\r\nHost: x\r\n" + ($0 == paths.count - 1 ? "Connection: close\r\n" : "") + "\r\n" }
        let text = try await exchange(requests.joined(), with: try makeApp(kept: kept))
        let started = text.split(separator: "\r\n").filter { $0.hasPrefix("x-started: ") }.map { $0.dropFirst(11) }
        #expect(started == Array(repeating: "0 nobody", count: paths.count))
        let bodies = text.components(separatedBy: "\r\n\r\n").dropFirst().map { $0.prefix { $0 != "H" } }
        #expect(bodies == paths.map { $0 == "/keep" ? "41 kept" : "1 \($0)" })
        // The copy kept by the hook still holds what was written into it, after three more requests wrote theirs.
        let copies = kept.requests.withLock { $0 }
        #expect(copies.count == 1)
        #expect(copies.first.map { "\($0[.visits]) \($0[.visitor])" } == "41 kept")
    }
}

/// Requests and replies a hook kept past their reply.
private final class KeptRequests: Sendable {
    let requests = Mutex<[Request]>([])
    let replies = Mutex<[Reply]>([])
}

extension ConnectionStorageReuseTests {
    @Test("pipelined replies each start empty, on either path, and a reply kept by onResponse keeps its headers")
    func eachReplyStartsEmpty() async throws {
        let kept = KeptRequests()
        let app = Application()
        // Reports the fields the reply started with (none), then adds one named after the request.
        try app.addHook(.onRequest) { request, reply in
            reply.headers["x-started-with"] = reply.headers.map(\.name).joined(separator: ",")
            reply.headers["x-for"] = request.url
            if request.url == "/keep" { reply.headers.add("x-kept", "1") }
        }
        try app.addHook(.onResponse) { request, reply in
            if request.url == "/keep" { kept.replies.withLock { $0.append(reply) } }
        }
        for kind in HandlerKind.allCases {
            try kind.get("/\(kind.rawValue)", on: app) { _, reply in reply.send("ok") }
        }
        try app.get("/keep") { _, reply in reply.send("ok") }
        let paths = ["/synchronous", "/suspending", "/keep", "/synchronous", "/suspending", "/synchronous"]
        let requests = paths.indices.map { "GET \(paths[$0]) HTTP/1.1\r\nHost: x\r\n" + ($0 == paths.count - 1 ? "Connection: close\r\n" : "") + "\r\n" }
        let text = try await exchange(requests.joined(), with: app)
        let lines = text.split(separator: "\r\n")
        #expect(lines.filter { $0.hasPrefix("x-started-with: ") }.map { $0.dropFirst(16) } == Array(repeating: "", count: paths.count))
        #expect(lines.filter { $0.hasPrefix("x-for: ") }.map { String($0.dropFirst(7)) } == paths)
        #expect(lines.filter { $0.hasPrefix("x-kept: ") }.count == 1)
        let replies = kept.replies.withLock { $0 }
        #expect(replies.count == 1)
        #expect(replies.first?.headers["x-for"] == "/keep")
        #expect(replies.first?.headers["x-kept"] == "1")
    }
}

extension DecorationKey where Value == Int {
    fileprivate static var visits: Self { .init("visits") }
}

extension DecorationKey where Value == String {
    fileprivate static var visitor: Self { .init("visitor") }
}
