import Glibc
import Kernel
import Plugins

/// WebSocket echo server for the Autobahn fuzzing client and the bench harness: `/echo` and `/ws`.
///
/// `PORT=8080 HOST=127.0.0.1 swift run Echo`
///
/// Accepts any origin (test clients send none, Autobahn sends its own) and messages up to 64 MiB
/// (Autobahn's 9.* cases send up to 16 MiB).
var options = WebSocketOptions()
options.maxPayload = 64 << 20
options.allowedOrigins = .any

let app = Application()
try app.register(WebSocketPlugin(options))
for path in ["/echo", "/ws"] {
    try app.webSocket(path) { socket, _ in
        for await message in socket.messages { try await socket.send(message) }
    }
}

let environment = ProcessInfoLite()
let host = environment["HOST"] ?? "127.0.0.1"
let port: Int
do {
    port = try await app.listen(host: host, port: Int(environment["PORT"] ?? "") ?? 8080)
} catch {
    _ = "Echo: \(error)\n".withCString { write(STDERR_FILENO, $0, strlen($0)) }
    exit(1)
}
print("Echo listening on ws://\(host):\(port)/echo")
await waitForTermination()
try await app.close()
