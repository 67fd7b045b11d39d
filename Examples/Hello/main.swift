import Glibc
import Kernel
import Plugins

/// The benchmark app: the same three routes as the peers in `../shared/bench`, plus an echo.
///
/// `PORT=8080 swift run -c release Hello`; with `HELLO_STACK=plugins` the routes sit behind CORS,
/// security headers and bearer auth (token `bench-token`, header or `?token=`) on `/api/v1`. `LOOPS` sets the number
/// of event loops (the number of active cores by default); `LOOP_PARKING=never` keeps every loop on its own thread.
struct Project: ResponseEncodable {
    let id: String
    let name: String
}

struct Hello: ResponseEncodable {
    let hello: String
}

let environment = ProcessInfoLite()
let app = Application()
let withPlugins = environment["HELLO_STACK"] == "plugins"
if withPlugins {
    try app.register(SecurityHeaders(.apiServer))
    try app.register(CORS(origin: .exact("http://localhost:3000"), credentials: true))
}
try app.get("/hello") { _, reply in reply.send("Hello, World!") }
try app.get("/json") { _, reply in reply.send(json: Hello(hello: "world")) }
try app.register(prefix: "/api/v1") { api in
    if withPlugins { try api.register(BearerAuth(tokens: ["bench-token"], queryParameter: "token")) }
    try api.get("/projects/:id") { request, reply in
        reply.send(json: Project(id: request.params["id"] ?? "", name: "demo"))
    }
}
try app.addContentTypeParser("*") { _, bytes in .bytes(bytes) }
try app.post("/echo") { request, reply in
    if let type = request.headers["content-type"] { reply.type(type) }
    reply.send(request.rawBody ?? [])
}

var configuration = ServerConfiguration(host: environment["HOST"] ?? "127.0.0.1", port: Int(environment["PORT"] ?? "") ?? 8080)
if let loops = Int(environment["LOOPS"] ?? "") { configuration.loopCount = loops }
if environment["LOOP_PARKING"] == "never" { configuration.loopParking = .never }
let port: Int
do {
    port = try await app.listen(configuration)
} catch {
    // A port in use, or an address that cannot be bound: say so and exit, rather than trap with a backtrace.
    _ = "Hello: \(error)\n".withCString { write(STDERR_FILENO, $0, strlen($0)) }
    exit(1)
}
// Written unbuffered: scripts wait for this line in a log file, where `print` would sit in a buffer.
_ = "Hello listening on \(environment["HOST"] ?? "127.0.0.1"):\(port)\n".withCString { write(STDOUT_FILENO, $0, strlen($0)) }
await waitForTermination()
try await app.close()
