import Glibc
import Kernel
import Testing

/// The loopback server's suites (basics, malformed requests and limits, timeouts, upgrades) run one test at a
/// time, as one suite: several of them time the server (header, idle and request timeouts).
@Suite("HTTP/1.1 server over loopback (RFC 9112)", .serialized)
struct HTTPServerLoopback {}

extension Application {
    /// An application whose routes take bodies of at most `bodyLimit` bytes unless they say otherwise.
    convenience init(bodyLimit: Int) {
        var options = ApplicationOptions()
        options.bodyLimit = bodyLimit
        self.init(options: options)
    }
}

/// A small app for the loopback tests.
func makeLoopbackApp(trace: Trace = Trace()) throws -> Application {
    let app = Application()
    try app.get("/hello") { _, reply in reply.send("Hello, World!") }
    try app.get("/json") { _, reply in reply.send(json: Greeting(hello: "world")) }
    try app.get("/empty") { _, reply in reply.status = .noContent; reply.send() }
    try app.post("/echo") { request, reply in reply.send(request.rawBody ?? []) }
    try app.get("/slow") { _, reply in
        try await Task.sleep(for: .milliseconds(300))
        trace.add("slow finished")
        reply.send("slow")
    }
    try app.get("/stream") { _, reply in
        reply.send(stream: ReplyStream(AsyncStream { continuation in
            for part in ["one,", "two,", "three"] { continuation.yield(Array(part.utf8)) }
            continuation.finish()
        }))
    }
    try app.addHook(.onRequestAbort) { _, _ in trace.add("abort") }
    try app.addHook(.onTimeout) { _, _ in trace.add("timeout") }
    return app
}

/// Serves `app` on an ephemeral port (with `configure` applied to the configuration), opens one raw
/// connection to it, runs `body` with the connection and the port, and closes the app afterwards, also
/// when `body` throws, so a failing test never leaves a server listening.
func withLoopbackClient<Result>(
    _ app: Application, configure: (inout ServerConfiguration) -> Void = { _ in },
    _ body: (RawClient, Int) async throws -> Result
) async throws -> Result {
    let port = try await startServer(app, configure: configure)
    let result: Result
    do {
        result = try await body(try RawClient(port: port), port)
    } catch {
        try? await app.close()
        throw error
    }
    try await app.close()
    return result
}

/// Serves `app` (the loopback app by default) on an ephemeral port, sends `bytes` on one connection,
/// and returns what the server wrote until it closed; then closes the app.
///
/// With `halfClosing`, the connection first sits idle for a moment (so the server is waiting, and sees the
/// bytes and the FIN in one event), and the client shuts down its write side right after sending.
func exchange(_ bytes: String, with app: Application? = nil, halfClosing: Bool = false) async throws -> String {
    try await withLoopbackClient(try app ?? makeLoopbackApp()) { client, _ in
        if halfClosing { try await Task.sleep(for: .milliseconds(50)) }
        client.send(bytes)
        if halfClosing { shutdown(client.fd, Int32(SHUT_WR)) }
        return await client.readAll()
    }
}
