import Glibc
import Kernel

/// The benchmark app: the same three routes as the peers in `../shared/bench`, plus an echo.
///
/// `PORT=8080 swift run -c release Hello`
struct Project: ResponseEncodable {
    let id: String
    let name: String
}

struct Hello: ResponseEncodable {
    let hello: String
}

let app = Application()
try app.get("/hello") { _, reply in reply.send("Hello, World!") }
try app.get("/json") { _, reply in reply.send(json: Hello(hello: "world")) }
try app.get("/api/v1/projects/:id") { request, reply in
    reply.send(json: Project(id: request.params["id"] ?? "", name: "demo"))
}
try app.addContentTypeParser("*") { _, bytes in .bytes(bytes) }
try app.post("/echo") { request, reply in
    if let type = request.headers["content-type"] { reply.type(type) }
    reply.send(request.rawBody ?? [])
}

let environment = ProcessInfoLite()
let port = try await app.listen(host: environment["HOST"] ?? "127.0.0.1", port: Int(environment["PORT"] ?? "") ?? 8080)
print("Hello listening on \(environment["HOST"] ?? "127.0.0.1"):\(port)")
await waitForTermination()
try await app.close()
