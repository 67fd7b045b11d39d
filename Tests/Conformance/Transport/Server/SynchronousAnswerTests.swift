import Kernel
import Testing

/// The transport answers a synchronous route without `await` and hands the rest to the async path; over a real
/// socket both must look the same: order, framing, `onResponse`, closing.
@Suite("Synchronous and suspending routes over loopback", .serialized)
struct SynchronousAnswerTests {
    private func makeApp(_ trace: Trace, onResponse kind: HookKind) throws -> Application {
        let app = Application()
        try HandlerKind.synchronous.get("/sync", on: app) { _, reply in reply.send("sync") }
        try HandlerKind.suspending.get("/async", on: app) { _, reply in reply.send("async") }
        try app.get("/bye") { _, reply in
            reply.headers["connection"] = "close"
            reply.send("bye")
        }
        switch kind {
        case .synchronous: try app.addHook(.onResponse) { request, _ in trace.add("sent \(request.url)") }
        case .suspending: try app.onResponse { request, _ in await Task.yield(); trace.add("sent \(request.url)") }
        }
        return app
    }

    @Test("pipelined synchronous and suspending routes answer in order; onResponse runs for each", arguments: HookKind.allCases)
    func pipelinedMix(onResponse kind: HookKind) async throws {
        let trace = Trace()
        let app = try makeApp(trace, onResponse: kind)
        let requests = ["/sync", "/async", "/sync", "/bye", "/sync"].map { "GET \($0) HTTP/1.1\r\nHost: x\r\n\r\n" }
        let text = try await exchange(requests.joined(), with: app)
        let bodies = text.components(separatedBy: "\r\n\r\n").dropFirst().map { $0.prefix { $0 != "H" } }
        #expect(bodies == ["sync", "async", "sync", "bye"], "answers in order, and none after Connection: close")
        #expect(text.components(separatedBy: "Connection: close").count == 2)
        #expect(trace.all == ["sent /sync", "sent /async", "sent /sync", "sent /bye"])
    }
}
